import http from 'http';

export interface AirflowTarget {
  url: string;
  username: string;
  password: string;
  /** `3.x` → `/api/v2` with a JWT from `/auth/token`; `2.x` → `/api/v1` with basic auth. */
  majorVersion: 2 | 3;
}

export type AirflowReply =
  | { kind: 'response'; status: number; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'too_large' }
  | { kind: 'unreachable'; error: string };

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
}

function send(target: AirflowTarget, req: RawRequest): Promise<AirflowReply> {
  return new Promise(resolve => {
    const url = new URL(req.path, target.url);
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const done = (r: AirflowReply) => {
      if (!settled) {
        settled = true;
        timers.forEach(clearTimeout);
        resolve(r);
      }
    };
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...req.headers,
    };
    if (req.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(req.body));
    const outgoing = http.request(url, { method: req.method, headers }, res => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBytes) {
          outgoing.destroy();
          done({ kind: 'too_large' });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        done({
          kind: 'response',
          status: res.statusCode ?? 500,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', err => done({ kind: 'unreachable', error: String(err) }));
    });
    timers.push(
      setTimeout(() => {
        outgoing.destroy();
        done({ kind: 'timeout' });
      }, req.timeoutMs),
    );
    outgoing.on('error', err =>
      done({ kind: 'unreachable', error: String(err) }),
    );
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** Talks to one backing Airflow with its own credentials (caching the Airflow 3 JWT). */
export class AirflowClient {
  private token?: { value: string; exp: number };

  constructor(private readonly target: AirflowTarget) {}

  async call(
    method: string,
    apiPath: string,
    query: URLSearchParams,
    body: unknown,
    limits: { timeoutMs: number; maxBytes: number },
  ): Promise<AirflowReply> {
    const prefix = this.target.majorVersion === 3 ? '/api/v2' : '/api/v1';
    const qs = query.toString();
    const path = `${prefix}${apiPath}${qs ? `?${qs}` : ''}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const attempt = async (): Promise<AirflowReply> => {
      const headers: Record<string, string> = {};
      if (payload !== undefined) headers['content-type'] = 'application/json';
      if (this.target.majorVersion === 3) {
        const token = await this.bearer(limits.timeoutMs);
        if (typeof token !== 'string') return token;
        headers.authorization = `Bearer ${token}`;
      } else {
        const basic = Buffer.from(
          `${this.target.username}:${this.target.password}`,
        ).toString('base64');
        headers.authorization = `Basic ${basic}`;
      }
      return send(this.target, {
        method,
        path,
        headers,
        body: payload,
        ...limits,
      });
    };
    let reply = await attempt();
    if (
      reply.kind === 'response' &&
      reply.status === 401 &&
      this.target.majorVersion === 3
    ) {
      this.token = undefined; // expired or rotated: exchange again once
      reply = await attempt();
    }
    return reply;
  }

  private async bearer(timeoutMs: number): Promise<string | AirflowReply> {
    if (this.token && this.token.exp - 60_000 > Date.now())
      return this.token.value;
    const reply = await send(this.target, {
      method: 'POST',
      path: '/auth/token',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: this.target.username,
        password: this.target.password,
      }),
      timeoutMs,
      maxBytes: 1 << 20,
    });
    if (reply.kind !== 'response' || reply.status !== 201) return reply;
    const value = JSON.parse(reply.body.toString('utf8'))
      .access_token as string;
    const claims = JSON.parse(
      Buffer.from(value.split('.')[1], 'base64url').toString('utf8'),
    );
    this.token = { value, exp: claims.exp * 1000 };
    return value;
  }
}

/** `QueryParameters` → query string: arrays as repeated keys, nulls dropped, scalars stringified. */
export function toQuery(params: unknown): URLSearchParams {
  const q = new URLSearchParams();
  if (!params || typeof params !== 'object') return q;
  for (const [key, value] of Object.entries(
    params as Record<string, unknown>,
  )) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      q.append(key, typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
  }
  return q;
}
