import http, { IncomingMessage, ServerResponse } from 'http';
import { Socket } from 'net';
import { FaultInjector, FaultSpec } from './faults';
import { Router } from './router';
import { RequestStats } from './stats';
import { HttpResponse, RequestContext } from './types';

export interface SimServerOptions {
  router: Router;
  /** Extra `/_simulator/...` routes (knobs specific to the server kind). */
  control?: Router;
  seed: string;
  latencyMs?: number;
  /** Answer for paths no route knows. */
  notFound: (ctx: RequestContext) => HttpResponse;
  methodNotAllowed: (ctx: RequestContext) => HttpResponse;
  /** Body of an injected error status in the server's own error shape. */
  faultBody: (status: number) => unknown;
  /** What `GET /_simulator/stats` shows (defaults to the raw counters). */
  statsView?: () => unknown;
  /** Extra headers of an injected error status (e.g. `x-amzn-errortype`). */
  faultHeaders?: (status: number) => Record<string, string>;
}

const CONTROL_PREFIX = '/_simulator/';

/** Above MWAA InvokeRestApi's 6 MB answer limit. */
const LARGE_ANSWER_BYTES = 7 * 1024 * 1024;

/** A valid JSON object of exactly `bytes` bytes (at least the 12 of its frame). */
function largeJson(bytes: number): string {
  const frame = '{"filler":""}';
  return `{"filler":"${'x'.repeat(Math.max(0, bytes - frame.length))}"}`;
}

function send(res: ServerResponse, out: HttpResponse): void {
  if (res.writableEnded || res.destroyed) return;
  let payload: string | Buffer = out.raw ?? '';
  if (out.raw === undefined && out.body !== undefined) {
    payload = JSON.stringify(out.body);
  }
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  if (
    out.raw === undefined &&
    out.body !== undefined &&
    !hasHeader(headers, 'content-type')
  ) {
    headers['content-type'] = 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some(k => k.toLowerCase() === name);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * HTTP server shared by the Airflow flavours and the MWAA front: routing, per-request latency,
 * fault injection, request counters and the `/_simulator/...` control API.
 */
export class SimHttpServer {
  readonly stats = new RequestStats();
  readonly faults: FaultInjector;
  latencyMs: number;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly control: Router;
  private closed = false;

  constructor(private readonly options: SimServerOptions) {
    this.faults = new FaultInjector(options.seed);
    this.latencyMs = options.latencyMs ?? 0;
    this.control = this.baseControl(options.control ?? new Router());
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(err => {
        send(res, {
          status: 500,
          body: { detail: `simulator error: ${String(err)}` },
        });
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops listening, drops every open socket (including hung requests) and pending timers. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise(resolve => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.server.closeAllConnections?.();
    });
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise(resolve => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  setFaults(specs: FaultSpec[]): void {
    this.faults.set(specs);
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const ctx: RequestContext = {
      req,
      method,
      rawPath: url.pathname,
      path: url.pathname,
      query: url.searchParams,
      params: {},
      body,
      template: url.pathname,
    };
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      const m = this.control.match(method, url.pathname);
      if (m.kind !== 'found') {
        send(res, {
          status: 404,
          body: { error: `unknown control endpoint ${method} ${url.pathname}` },
        });
        return;
      }
      send(
        res,
        await m.handler({ ...ctx, params: m.params, template: m.template }),
      );
      return;
    }

    const match = this.options.router.match(method, url.pathname);
    if (match.kind !== 'none') ctx.template = match.template;
    this.stats.record(method, ctx.template);
    await this.sleep(this.latencyMs);

    const fault = this.faults.take(method, ctx.template, url.pathname);
    if (fault) {
      this.stats.recordFault();
      switch (fault.type) {
        case 'hang':
          return; // never answered; the socket is destroyed on close()
        case 'reset':
          req.socket.destroy();
          return;
        case 'malformed':
          send(res, {
            status: 200,
            raw: '{"dags": [{"dag_id": "orders_daily_load", "is_paused": fal',
            headers: { 'content-type': 'application/json' },
          });
          return;
        case 'delay':
          await this.sleep(fault.delayMs ?? 1000);
          break;
        case 'large':
          send(res, {
            status: 200,
            raw: largeJson(fault.bytes ?? LARGE_ANSWER_BYTES),
            headers: { 'content-type': 'application/json' },
          });
          return;
        default: {
          const status = fault.status ?? 500;
          const retryAfter =
            fault.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
          const headers: Record<string, string> = {
            ...(retryAfter !== undefined
              ? { 'retry-after': String(retryAfter) }
              : {}),
            ...(this.options.faultHeaders?.(status) ?? {}),
          };
          send(res, {
            status,
            body: fault.body ?? this.options.faultBody(status),
            headers,
          });
          return;
        }
      }
    }
    if (this.closed) return;

    let out: HttpResponse;
    if (match.kind === 'found') {
      ctx.params = match.params;
      out = await match.handler(ctx);
    } else if (match.kind === 'method_not_allowed') {
      out = this.options.methodNotAllowed(ctx);
    } else {
      out = this.options.notFound(ctx);
    }
    send(res, out);
  }

  private statsView(): unknown {
    return this.options.statsView
      ? this.options.statsView()
      : this.stats.snapshot();
  }

  private baseControl(router: Router): Router {
    const parse = (ctx: RequestContext): any => {
      if (ctx.body.length === 0) return {};
      return JSON.parse(ctx.body.toString('utf8'));
    };
    return router
      .add('GET', '/_simulator/stats', () => ({
        status: 200,
        body: this.statsView(),
      }))
      .add('POST', '/_simulator/reset-stats', () => {
        this.stats.reset();
        return { status: 200, body: this.statsView() };
      })
      .add('GET', '/_simulator/faults', () => ({
        status: 200,
        body: { faults: this.faults.list() },
      }))
      .add('POST', '/_simulator/faults', ctx => {
        try {
          const body = parse(ctx);
          const specs: FaultSpec[] = Array.isArray(body)
            ? body
            : body.faults ?? [body];
          if (body.replace) this.faults.clear();
          this.faults.add(specs);
          return { status: 200, body: { faults: this.faults.list() } };
        } catch (e) {
          return { status: 400, body: { error: String(e) } };
        }
      })
      .add('DELETE', '/_simulator/faults', () => {
        this.faults.clear();
        return { status: 200, body: { faults: [] } };
      })
      .add('POST', '/_simulator/latency', ctx => {
        const ms = Number(parse(ctx).ms);
        if (!Number.isFinite(ms) || ms < 0)
          return { status: 400, body: { error: 'ms must be >= 0' } };
        this.latencyMs = ms;
        return { status: 200, body: { latencyMs: ms } };
      });
  }
}
