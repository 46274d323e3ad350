import { InputError } from '@backstage/errors';
import { isSafeUpstreamPath } from './upstreamPathShape';
import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DirectConnectionConfig,
  EnvironmentConfig,
} from '../config/types';
import { extractAirflowDetail } from './airflowErrorDetail';
import { authorisationFailure, type CallContext, httpFailure } from './errors';
import { parseRetryAfter } from './resilience/retryAfter';
import { appendQuery, parseJsonBody, sendHttp, tryParseJson } from './http';
import { JwtTokenSource } from './JwtTokenSource';
import type { BackoffOptions } from './resilience/backoff';
import type { UpstreamReachability } from './resilience/types';
import {
  type CircuitOptions,
  UpstreamPolicy,
} from './resilience/UpstreamPolicy';
import type {
  AirflowTransport,
  UpstreamRequest,
  UpstreamResponse,
} from './types';

export interface DirectTransportOptions {
  logger: LoggerService;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  circuit?: CircuitOptions;
  /** Clock in epoch milliseconds for JWT refresh planning (tests). */
  now?: () => number;
}

/** Talks to an Airflow API server directly with a JWT, a static bearer token, or basic auth. */
export class DirectTransport implements AirflowTransport {
  readonly kind;
  private readonly baseUrl: string;
  private readonly policy: UpstreamPolicy;
  private readonly tokens?: JwtTokenSource;

  constructor(
    private readonly env: EnvironmentConfig & {
      connection: DirectConnectionConfig;
    },
    private readonly options: DirectTransportOptions,
  ) {
    const { auth } = env.connection;
    this.kind = auth.type;
    this.baseUrl = env.connection.baseUrl.replace(/\/+$/, '');
    this.policy = new UpstreamPolicy({
      environment: env.name,
      limits: env.limits,
      logger: options.logger,
      backoff: options.backoff,
      circuit: options.circuit,
      requestsPerSecond: env.limits.requestsPerSecond || undefined,
      // The version endpoints need no credentials: a cheap sign of life.
      probe: () => this.detectApiVersion(),
    });
    if (auth.type === 'jwt') {
      this.tokens = new JwtTokenSource({
        environment: env.name,
        baseUrl: this.baseUrl,
        username: auth.username,
        password: auth.password,
        timeoutMs: this.policy.timeoutMs,
        fetch: options.fetch,
        now: options.now,
      });
    }
  }

  request(
    apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse> {
    const path = req.path.startsWith('/') ? req.path : `/${req.path}`;
    // Built by upstreamPath; checked again so no caller can send another shape.
    if (!isSafeUpstreamPath(path)) {
      return Promise.reject(
        new InputError(
          `Refused to call Airflow with the path ${JSON.stringify(path)}`,
        ),
      );
    }
    const url = appendQuery(
      new URL(`${this.baseUrl}/api/${apiVersion}${path}`),
      req.query,
    ).toString();
    const ctx = {
      environment: this.env.name,
      operation: `${req.method} ${path}`,
    };
    return this.policy.run(
      {
        operation: ctx.operation,
        idempotent: req.idempotent,
        lane: req.lane,
        signal: req.signal,
      },
      signal => this.send(ctx, url, req, signal, true),
    );
  }

  reachability(): UpstreamReachability {
    return this.policy.reachability();
  }

  async detectApiVersion(): Promise<AirflowApiVersion> {
    // Version endpoints need no auth on either generation, and Airflow 2 has no /auth/token.
    const probe = (version: AirflowApiVersion) => {
      const ctx = {
        environment: this.env.name,
        operation: `GET /api/${version}/version`,
      };
      return this.policy.run(
        { operation: ctx.operation, idempotent: true, lane: 'health' },
        async signal => {
          const res = await sendHttp(
            this.fetchImpl,
            `${this.baseUrl}/api/${version}/version`,
            { headers: { Accept: 'application/json' }, signal },
            ctx,
            this.env.limits.maxResponseBytes,
          );
          return { ctx, status: res.status, body: tryParseJson(res.text) };
        },
      );
    };
    const v2 = await probe('v2');
    if (isSuccess(v2.status)) return 'v2';
    if (v2.status !== 404) throw failureFor(v2.ctx, v2.status, v2.body);
    const v1 = await probe('v1');
    if (isSuccess(v1.status)) return 'v1';
    throw failureFor(v1.ctx, v1.status, v1.body);
  }

  private get fetchImpl(): typeof fetch {
    return this.options.fetch ?? globalThis.fetch;
  }

  private async send(
    ctx: CallContext,
    url: string,
    req: UpstreamRequest,
    signal: AbortSignal,
    mayRefreshToken: boolean,
  ): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = await this.tokens?.getToken();
    headers.Authorization = this.authorization(token);

    const res = await sendHttp(
      this.fetchImpl,
      url,
      {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
      },
      ctx,
      this.env.limits.maxResponseBytes,
    );

    if (!isSuccess(res.status)) {
      const body = tryParseJson(res.text);
      const detail = extractAirflowDetail(body);
      // Airflow refused the token itself: 401 "Token Expired", or 403 "Invalid JWT token" after
      // a restart with a new signing secret. One fresh token and one retry, also for writes,
      // since Airflow refused the call before acting.
      if (token && mayRefreshToken && isRefusedToken(res.status, detail)) {
        this.tokens!.invalidate(token);
        return this.send(ctx, url, req, signal, false);
      }
      if (res.status === 403) {
        throw authorisationFailure(ctx, detail, {
          afterRefresh: !!token && !mayRefreshToken,
        });
      }
      throw httpFailure(ctx, res.status, detail, {
        retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    return {
      status: res.status,
      body: parseJsonBody(res.text, ctx, res.status),
    };
  }

  private authorization(token: string | undefined): string {
    const { auth } = this.env.connection;
    switch (auth.type) {
      case 'jwt':
        return `Bearer ${token}`;
      case 'token':
        return `Bearer ${auth.token}`;
      case 'basic':
        return `Basic ${Buffer.from(
          `${auth.username}:${auth.password}`,
        ).toString('base64')}`;
      default:
        throw new Error('unknown auth type');
    }
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** 401 is always about the token; a 403 only when Airflow says the token itself is invalid. */
function isRefusedToken(status: number, detail: string | undefined): boolean {
  return (
    status === 401 || (status === 403 && /invalid jwt/i.test(detail ?? ''))
  );
}

function failureFor(ctx: CallContext, status: number, body: unknown) {
  return httpFailure(ctx, status, extractAirflowDetail(body));
}
