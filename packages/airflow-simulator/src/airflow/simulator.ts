import { randomBytes } from 'crypto';
import { JwtIssuer } from '../auth/jwt';
import { SimUser } from '../auth/users';
import { FaultSpec } from '../http/faults';
import { Router } from '../http/router';
import { SimHttpServer } from '../http/server';
import { StatsSnapshot } from '../http/stats';
import { HttpResponse, RequestContext } from '../http/types';
import { SimClock } from '../state/clock';
import { AirflowStore, HealthComponent } from '../state/store';
import { Flavor } from '../state/types';
import { SimEnv, SimSettings } from './env';
import { requestApprovalRoute } from './approvalControl';
import { problem } from './v1/errors';
import { airflow2NotFound, airflow2Router } from './v1/routes';
import { airflow3NotFound, airflow3Router } from './v2/routes';

export interface AirflowSimulatorOptions {
  flavor: Flavor;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: string;
  /** Total DAGs including the demo set (default 40). */
  dagCount?: number;
  latencyMs?: number;
  tokenLifetimeSeconds?: number;
  cliTokenLifetimeSeconds?: number;
  users?: SimUser[];
  /** Simulated seconds per real second for triggered runs (default 10). */
  runSpeed?: number;
  /** Lines per log page (default 50). */
  logPageSize?: number;
  /** Reported by `/version` (default 3.0.6 or 2.10.5). */
  version?: string;
  /** Start the simulated clock at this epoch-ms instead of now. */
  startTime?: number;
  /**
   * The simulated clock moves only through `advanceTime()` instead of with the
   * wall clock (tests: runs progress and tokens expire only when told to).
   */
  frozenClock?: boolean;
  unhealthy?: HealthComponent[];
}

export interface AirflowSimulatorStats extends StatsSnapshot {
  tokenRequests: number;
  triggeredRuns: Record<string, number>;
}

export interface AirflowSimulator {
  url: string;
  port: number;
  flavor: Flavor;
  users: SimUser[];
  state: AirflowStore;
  settings: SimSettings;
  setFaults(faults: FaultSpec[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  stats(): AirflowSimulatorStats;
  resetStats(): void;
  setLatency(ms: number): void;
  setTokenLifetime(seconds: number): void;
  /**
   * What a restart of the API server does to its clients' tokens: a new JWT
   * signing secret, so tokens issued before answer 403 "Invalid JWT token".
   * Data, faults, counters and open connections stay (as behind a proxy that
   * keeps its client connections); `hang`/`reset` faults model the downtime.
   */
  restart(): void;
  setUnhealthy(components: HealthComponent[]): void;
  /** Moves the simulated clock forward (runs progress, tokens expire). */
  advanceTime(ms: number): void;
  close(): Promise<void>;
}

function body(ctx: RequestContext): any {
  return ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {};
}

const ok = (b: unknown): HttpResponse => ({ status: 200, body: b });

/** Starts one simulated Airflow (Airflow 3 `/api/v2` + JWT, or Airflow 2 `/api/v1` + basic auth). */
export async function startAirflowSimulator(
  options: AirflowSimulatorOptions,
): Promise<AirflowSimulator> {
  const flavor = options.flavor;
  const seed = options.seed ?? 'airflow-simulator';
  const clock = new SimClock({
    startAt: options.startTime,
    frozen: options.frozenClock,
  });
  const store = new AirflowStore({
    flavor,
    seed,
    dagCount: options.dagCount ?? 40,
    runSpeed: options.runSpeed ?? 10,
    clock,
  });
  for (const c of options.unhealthy ?? []) store.unhealthy.add(c);
  const tokenLifetime = options.tokenLifetimeSeconds ?? 86400;
  const settings: SimSettings = {
    tokenLifetimeSeconds: tokenLifetime,
    cliTokenLifetimeSeconds:
      options.cliTokenLifetimeSeconds ?? Math.min(3600, tokenLifetime),
    logPageSize: options.logPageSize ?? 50,
    version: options.version ?? (flavor === 'airflow3' ? '3.0.6' : '2.10.5'),
  };
  const users = options.users ?? [{ username: 'admin', password: 'admin' }];
  // Handlers are built before the server and handle exist; they reach them through this.
  const ref: { server?: SimHttpServer; handle?: AirflowSimulator } = {};
  const env: SimEnv = {
    store,
    // A fresh secret per process, like an API server without a configured `jwt_secret`.
    jwt: new JwtIssuer(randomBytes(32).toString('hex')),
    users,
    settings,
    get stats() {
      return ref.server!.stats;
    },
  };

  const control = new Router()
    .add('GET', '/_simulator/config', () =>
      ok({
        flavor,
        seed,
        dagCount: store.dags.size,
        latencyMs: ref.server!.latencyMs,
        runSpeed: store.runSpeed,
        unhealthy: [...store.unhealthy],
        ...settings,
      }),
    )
    .add('POST', '/_simulator/token-lifetime', ctx => {
      const b = body(ctx);
      ref.handle!.setTokenLifetime(Number(b.seconds));
      if (b.cliSeconds !== undefined)
        settings.cliTokenLifetimeSeconds = Number(b.cliSeconds);
      return ok({ tokenLifetimeSeconds: settings.tokenLifetimeSeconds });
    })
    .add('POST', '/_simulator/restart', () => {
      ref.handle!.restart();
      return ok({ restarted: true });
    })
    .add('POST', '/_simulator/health', ctx => {
      ref.handle!.setUnhealthy(body(ctx).unhealthy ?? []);
      return ok({ unhealthy: [...store.unhealthy] });
    })
    .add('POST', '/_simulator/clock/advance', ctx => {
      ref.handle!.advanceTime(Number(body(ctx).seconds ?? 0) * 1000);
      return ok({ now: new Date(store.now()).toISOString() });
    })
    .add('POST', '/_simulator/run-speed', ctx => {
      store.runSpeed = Math.max(0.001, Number(body(ctx).speed ?? 1));
      return ok({ runSpeed: store.runSpeed });
    })
    .add('POST', '/_simulator/outcome', ctx => {
      const b = body(ctx);
      store.setOutcome(String(b.dag_id), b.outcome ?? null);
      return ok({ dag_id: b.dag_id, outcome: b.outcome ?? null });
    })
    .add('POST', '/_simulator/hitl', ctx => requestApprovalRoute(store, ctx));

  const v3 = flavor === 'airflow3';
  ref.server = new SimHttpServer({
    router: v3 ? airflow3Router(env) : airflow2Router(env),
    control,
    seed,
    latencyMs: options.latencyMs,
    notFound: ctx => (v3 ? airflow3NotFound(ctx.path) : airflow2NotFound()),
    methodNotAllowed: () =>
      v3
        ? { status: 405, body: { detail: 'Method Not Allowed' } }
        : problem(405, 'The method is not allowed for the requested URL.'),
    faultBody: status =>
      v3
        ? {
            detail:
              status === 429 ? 'Too Many Requests' : 'Internal Server Error',
          }
        : problem(status, 'Injected fault').body,
    statsView: () => ref.handle!.stats(),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await ref.server.listen(options.port ?? 0, host);
  const srv = ref.server;

  const handle: AirflowSimulator = {
    url: `http://${host}:${port}`,
    port,
    flavor,
    users,
    state: store,
    settings,
    setFaults: faults => srv.faults.set(faults),
    addFault: fault => {
      srv.faults.add(fault);
    },
    clearFaults: () => srv.faults.clear(),
    stats: () => {
      const snap = srv.stats.snapshot();
      return {
        ...snap,
        tokenRequests: snap.byRoute['POST /auth/token'] ?? 0,
        triggeredRuns: snap.counters.triggeredRuns ?? {},
      };
    },
    resetStats: () => srv.stats.reset(),
    setLatency: ms => {
      srv.latencyMs = ms;
    },
    setTokenLifetime: seconds => {
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new Error('token lifetime must be > 0');
      settings.tokenLifetimeSeconds = seconds;
      settings.cliTokenLifetimeSeconds = Math.min(
        settings.cliTokenLifetimeSeconds,
        seconds,
      );
    },
    restart: () => env.jwt.rotate(randomBytes(32).toString('hex')),
    setUnhealthy: components => {
      store.unhealthy.clear();
      for (const c of components) store.unhealthy.add(c);
    },
    advanceTime: ms => clock.advance(ms),
    close: () => srv.close(),
  };
  ref.handle = handle;
  return handle;
}
