/** Small fetch helpers shared by the tests. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    rawBody?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // non-JSON bodies stay text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function bearer(
  base: string,
  username = 'admin',
  password = 'admin',
) {
  const reply = await call(base, 'POST', '/auth/token', {
    body: { username, password },
  });
  return { authorization: `Bearer ${reply.body.access_token}` };
}

export function basic(username = 'admin', password = 'admin') {
  return {
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString(
      'base64',
    )}`,
  };
}
