import { timingSafeEqual } from 'crypto';

export interface SimUser {
  username: string;
  password: string;
}

export function checkUser(
  users: SimUser[],
  username: string,
  password: string,
): boolean {
  const eq = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  return users.some(u => eq(u.username, username) && eq(u.password, password));
}

/** Parses `Authorization: Basic ...`; undefined when absent or malformed. */
export function parseBasicAuth(
  header: string | undefined,
): SimUser | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString(
    'utf8',
  );
  const idx = decoded.indexOf(':');
  if (idx < 0) return undefined;
  return { username: decoded.slice(0, idx), password: decoded.slice(idx + 1) };
}
