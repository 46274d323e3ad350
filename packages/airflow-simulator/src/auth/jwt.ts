import { createHmac, randomUUID, timingSafeEqual } from 'crypto';

export interface JwtClaims {
  sub: string;
  exp: number;
  iat: number;
  nbf: number;
  [key: string]: unknown;
}

export type JwtCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'invalid' | 'expired' };

const b64 = (v: unknown) =>
  Buffer.from(JSON.stringify(v)).toString('base64url');

/** HS256 JWTs like Airflow 3's API server issues (`aud: apache-airflow`). */
export class JwtIssuer {
  constructor(private secret: string) {}

  /**
   * A new signing secret, as an API server restarted without a configured
   * `jwt_secret` generates: every token issued before is now "Invalid JWT token".
   */
  rotate(secret: string): void {
    this.secret = secret;
  }

  issue(user: string, nowMs: number, lifetimeSeconds: number): string {
    const iat = Math.floor(nowMs / 1000);
    const claims: JwtClaims = {
      sub: user,
      role: 'ADMIN',
      aud: 'apache-airflow',
      iss: 'airflow-simulator',
      jti: randomUUID().replace(/-/g, ''),
      iat,
      nbf: iat,
      exp: iat + lifetimeSeconds,
    };
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    return `${head}.${this.sign(head)}`;
  }

  /** Signature first, then expiry, as PyJWT does (a forged expired token is "invalid"). */
  verify(token: string, nowMs: number): JwtCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'invalid' };
    }
    let claims: JwtClaims;
    try {
      const header = JSON.parse(
        Buffer.from(parts[0], 'base64url').toString('utf8'),
      );
      if (header.alg !== 'HS256') return { ok: false, reason: 'invalid' };
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (Math.floor(nowMs / 1000) >= claims.exp)
      return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

/** Reads the claims without verifying (for clients and tests). */
export function decodeJwt(token: string): JwtClaims {
  return JSON.parse(
    Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
  );
}
