import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Signs JSON payloads like itsdangerous' URLSafeSerializer (payload.signature, base64url), which is
 * what Airflow uses for log continuation tokens; any tampering fails verification.
 */
export class PayloadSigner {
  constructor(private readonly secret: string) {}

  dumps(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  loads<T>(token: string): T | undefined {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret)
      .update(body)
      .digest('base64url')
      .slice(0, 27);
  }
}
