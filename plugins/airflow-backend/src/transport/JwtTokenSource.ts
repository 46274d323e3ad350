import { extractAirflowDetail } from './airflowErrorDetail';
import { type CallContext, UpstreamError } from './errors';
import { sendHttp, tryParseJson } from './http';

export interface JwtTokenSourceOptions {
  environment: string;
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is exchanged again before use. */
  refreshAt: number;
}

/** Refresh this long before `exp`, at most: 10% of the lifetime for short-lived tokens. */
const MAX_REFRESH_AHEAD_MS = 60_000;

/**
 * Airflow 3 JWTs from `POST {baseUrl}/auth/token`, cached per environment and
 * renewed ahead of their `exp`. Concurrent callers share one in-flight
 * exchange, so an expired token costs exactly one `/auth/token` call.
 */
export class JwtTokenSource {
  private cached?: CachedToken;
  private inFlight?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: JwtTokenSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A token that is not about to expire; exchanges credentials when needed. */
  getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) {
      return Promise.resolve(this.cached.token);
    }
    if (!this.inFlight) {
      this.inFlight = this.exchange().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /**
   * Drops `token` after Airflow refused it (e.g. 401 "Token Expired"). Only the
   * current token is dropped, so many concurrent 401s trigger one exchange.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) {
      this.cached = undefined;
    }
  }

  private async exchange(): Promise<string> {
    const { environment, baseUrl, username, password, timeoutMs } =
      this.options;
    const ctx: CallContext = { environment, operation: 'POST /auth/token' };
    const fetchImpl = this.options.fetch ?? globalThis.fetch;
    const signal = AbortSignal.timeout(timeoutMs);
    let response;
    try {
      response = await sendHttp(
        fetchImpl,
        `${baseUrl}/auth/token`,
        {
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ username, password }),
          signal,
        },
        ctx,
      );
    } catch (error) {
      if (signal.aborted) {
        throw new UpstreamError(
          `Airflow environment "${environment}": token exchange timed out after ${timeoutMs} ms`,
          { environment, kind: 'timeout' },
        );
      }
      throw error;
    }
    const body = tryParseJson(response.text);
    if (response.status < 200 || response.status >= 300) {
      // Airflow's detail here is e.g. "Invalid credentials": safe to show, unlike the request body.
      throw authFailure(
        environment,
        response.status,
        extractAirflowDetail(body),
      );
    }
    const token = (body as { access_token?: unknown } | undefined)
      ?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw authFailure(
        environment,
        response.status,
        'the answer has no access_token',
      );
    }
    this.cached = { token, refreshAt: this.refreshTime(token) };
    return token;
  }

  private refreshTime(token: string): number {
    const issuedAt = this.now();
    const claims = decodeJwtClaims(token);
    if (typeof claims?.exp !== 'number') {
      // No expiry to plan for: keep it until Airflow answers 401.
      return Infinity;
    }
    const expMs = claims.exp * 1000;
    const startMs =
      typeof claims.iat === 'number' ? claims.iat * 1000 : issuedAt;
    const ahead = Math.min(MAX_REFRESH_AHEAD_MS, (expMs - startMs) * 0.1);
    return expMs - Math.max(ahead, 0);
  }
}

function authFailure(
  environment: string,
  status?: number,
  detail?: string,
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${environment}": token exchange failed${
      status ? ` with status ${status}` : ''
    }${detail ? `: ${detail}` : ''}`,
    { environment, kind: 'auth', status, detail },
  );
}

/** The JWT payload, unverified: only used to schedule the refresh. */
export function decodeJwtClaims(
  token: string,
): { exp?: unknown; iat?: unknown } | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    return typeof claims === 'object' && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}
