/*
 * Load benchmark of the running portal backend (started by
 * scripts/bench-load.sh from its production build): for 100 and then 200
 * concurrent clients, N seconds each on the catalog's by-name read, the
 * entity DAGs route, a Group page and the overview, one after the other in
 * the same backend, so each Airflow route is compared with the catalog read
 * of the same run. Prints requests/s, errors, p50/p95/p99, upstream calls and
 * the backend's memory (RSS, and V8 heap after a forced GC) before and after.
 *
 * Each client has a token of its own (the guest signs in once per client), as
 * concurrent users do: whatever the backend keeps per caller is not shared
 * between the clients.
 *
 * Environment: BACKEND_URL, BACKEND_PID, INSPECTOR_URL, SIMULATOR_URLS (comma
 * separated), DURATION_S (30), WARMUP_S (10), CONNECTIONS ("100,200"; repeat
 * a level, e.g. "100,100,100", to see whether the heap keeps growing), IDLE_S
 * (35: past the cache TTL, so cached answers can expire before the last
 * sample), SNAPSHOT_DIR (heap snapshots before and after, when set).
 */
/* eslint-disable no-console */
import autocannon from 'autocannon';
import { join } from 'node:path';
import { BackendProbe, MemorySample } from './backendProbe';

const env = process.env;
const BACKEND = env.BACKEND_URL ?? 'http://localhost:7007';
const DURATION_S = Number(env.DURATION_S ?? 30);
const WARMUP_S = Number(env.WARMUP_S ?? 10);
const IDLE_S = Number(env.IDLE_S ?? 35);
const CONNECTIONS = (env.CONNECTIONS ?? '100,200').split(',').map(Number);
const SIMULATORS = (
  env.SIMULATOR_URLS ??
  'http://127.0.0.1:28080,http://127.0.0.1:28081,http://127.0.0.1:28082'
).split(',');

const targets = [
  {
    name: 'catalog by-name',
    path: '/api/catalog/entities/by-name/component/default/orders-service',
  },
  {
    name: 'entity DAGs',
    path: '/api/airflow/entities/default/component/orders-service/dags',
  },
  {
    name: 'Group page',
    path: '/api/airflow/entities/default/group/team-data/dags',
  },
  { name: 'overview', path: '/api/airflow/environments' },
] as const;

interface PhaseResult {
  target: string;
  connections: number;
  requestsPerSecond: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  upstreamCalls: number;
  /** What the errors were: answers by status (non-2xx), timeouts, connection errors. */
  errorKinds: Record<string, number>;
}

/** A guest token: bench-load's config lets the guest provider sign in outside development. */
async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** API calls the simulators have answered so far (token requests excluded). */
async function upstreamCalls(): Promise<number> {
  const counts = await Promise.all(
    SIMULATORS.map(async url => {
      const stats = (await (await fetch(`${url}/_simulator/stats`)).json()) as {
        byRoute: Record<string, number>;
      };
      return Object.entries(stats.byRoute)
        .filter(([route]) => route.includes('/api/'))
        .reduce((sum, [, n]) => sum + n, 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** One token per client: each sign-in issues a token of its own. */
async function guestTokens(count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(await guestToken());
  }
  return tokens;
}

async function phase(
  target: (typeof targets)[number],
  connections: number,
  seconds: number,
  tokens: string[],
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const before = await upstreamCalls();
  let clients = 0;
  const instance = autocannon({
    url: `${BACKEND}${target.path}`,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { authorization: `Bearer ${tokens[0]}` },
    setupClient: client => {
      const token = tokens[clients++ % tokens.length];
      client.setHeaders({ authorization: `Bearer ${token}` });
    },
  });
  const errorKinds: Record<string, number> = {};
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (status < 200 || status >= 300) {
      errorKinds[status] = (errorKinds[status] ?? 0) + 1;
    }
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    target: target.name,
    connections,
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    // autocannon counts a timeout among its errors too.
    errors: result.errors + result.non2xx,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    upstreamCalls: (await upstreamCalls()) - before,
    errorKinds: {
      ...errorKinds,
      ...(result.timeouts ? { timeouts: result.timeouts } : {}),
      ...(result.errors - result.timeouts > 0
        ? { 'connection errors': result.errors - result.timeouts }
        : {}),
    },
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(7);

function printPass(results: PhaseResult[]) {
  const catalog = results.find(r => r.target === 'catalog by-name');
  console.log(
    '  route             clients    req/s  ×catalog  errors     p50     p95     p99  p99/p50  upstream',
  );
  for (const r of results) {
    console.log(
      `  ${r.target.padEnd(16)} ${String(r.connections).padStart(8)} ${fmt(
        r.requestsPerSecond,
        1,
      )}  ${fmt(
        r.requestsPerSecond / (catalog?.requestsPerSecond ?? NaN),
        2,
      )} ${fmt(r.errors)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)}  ${fmt(
        r.p99 / r.p50,
        1,
      )}  ${fmt(r.upstreamCalls)}`,
    );
  }
  for (const r of results.filter(x => x.errors > 0)) {
    const kinds = Object.entries(r.errorKinds)
      .map(([kind, n]) => `${kind} ×${n}`)
      .join(', ');
    console.log(`  errors of ${r.target} (${r.connections}): ${kinds}`);
  }
}

function printMemory(label: string, sample: MemorySample) {
  console.log(
    `  memory ${label.padEnd(26)} RSS ${fmt(
      sample.rssMiB,
    )} MiB, heap after GC ${fmt(sample.heapAfterGcMiB, 1)} MiB`,
  );
}

async function main() {
  const probe = await BackendProbe.attach(
    Number(env.BACKEND_PID),
    env.INSPECTOR_URL ?? 'http://127.0.0.1:4019',
  );
  const snapshot = async (name: string) => {
    if (env.SNAPSHOT_DIR) await probe.snapshot(join(env.SNAPSHOT_DIR, name));
  };
  try {
    const tokens = await guestTokens(Math.max(20, ...CONNECTIONS));
    const samples: Array<[string, MemorySample]> = [];
    const record = async (label: string) => {
      const sample = await probe.sample();
      samples.push([label, sample]);
      printMemory(label, sample);
    };
    console.log(
      `Load: ${DURATION_S} s per route and level, latencies in ms, ${tokens.length} callers (a token each)`,
    );
    await record('at start');
    console.log(`Warm-up pass: ${WARMUP_S} s per route, 20 clients`);
    for (const target of targets) await phase(target, 20, WARMUP_S, tokens);
    await record('warm (after warm-up)');
    await snapshot('warm.heapsnapshot');
    for (const connections of CONNECTIONS) {
      console.log(`${connections} concurrent clients:`);
      const results: PhaseResult[] = [];
      for (const target of targets) {
        results.push(await phase(target, connections, DURATION_S, tokens));
      }
      printPass(results);
      await record(`after ${connections} clients`);
    }
    console.log(`Idle for ${IDLE_S} s`);
    await new Promise(resolve => setTimeout(resolve, IDLE_S * 1000));
    await record(`after ${IDLE_S} s idle`);
    await snapshot('after.heapsnapshot');
    const warm = samples[1][1];
    const last = samples[samples.length - 1][1];
    const growth = (last.heapAfterGcMiB / warm.heapAfterGcMiB - 1) * 100;
    console.log(
      `  heap after GC, after the run vs warm: ${
        growth >= 0 ? '+' : ''
      }${growth.toFixed(1)} % (goal: within 10 %); RSS ${fmt(
        warm.rssMiB,
      )} → ${fmt(last.rssMiB)} MiB`,
    );
  } finally {
    probe.close();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
