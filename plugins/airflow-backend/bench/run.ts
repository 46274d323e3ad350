/*
 * Upstream cost and latency of the Airflow backend against simulated Airflow 3
 * servers with added latency. Run from plugins/airflow-backend:
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/run.ts
 * Prints: upstream calls per cold entity load (N = 10, 100, 500 DAGs), for
 * 100 concurrent cold loads, the overview's wall time for 50 environments
 * relative to one (next to the same upstream calls made without the backend,
 * from this process, as the floor of the client side), and warm-cache latency.
 *
 * BENCH_PARTS (entity, coalescing, fanout, restart; all by default) chooses
 * what runs.
 *
 * The simulators run in a child process (bench/simulators.ts), so that their
 * CPU does not share this process's event loop with the backend and the
 * client; upstream call counts come from the simulators' own stats().
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { createAirflowPlugin } from '../src/plugin';
import { airflowRestartCase } from './restartCase';
import { RemoteSimulator, SimulatorProcess } from './simulatorProcess';

const LATENCY_MS = 40;
const auth = { Authorization: mockCredentials.user.header() };

let simulators: SimulatorProcess;

function environmentConfig(name: string, sim: RemoteSimulator) {
  return {
    name,
    apiVersion: 'v2',
    baseUrl: sim.url,
    // The simulators listen on loopback over http.
    allowInsecureHttp: true,
    auth: { type: 'jwt', username: 'admin', password: 'admin' },
    maxConcurrency: 16,
  };
}

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team-a', type: 'service', lifecycle: 'production' },
  };
}

async function startPortal(
  environments: Array<{ name: string; sim: RemoteSimulator }>,
  entities: Entity[],
  cacheTtlSeconds = 30,
) {
  const backend = await startTestBackend({
    features: [
      createAirflowPlugin(),
      mockServices.rootConfig.factory({
        data: {
          airflow: {
            environments: environments.map(e =>
              environmentConfig(e.name, e.sim),
            ),
            cache: {
              healthTtlSeconds: cacheTtlSeconds,
              dagsTtlSeconds: cacheTtlSeconds,
              runsTtlSeconds: cacheTtlSeconds,
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

/** Upstream API calls, without token requests. */
async function apiCalls(sim: RemoteSimulator): Promise<number> {
  const byRoute = await sim.byRoute();
  return Object.entries(byRoute)
    .filter(([route]) => route.includes('/api/'))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function entityLoadCost(dagCount: number) {
  const started = await simulators.startSimulators([
    { dagCount, latencyMs: LATENCY_MS },
  ]);
  const [sim] = started.simulators;
  const dagIds = sim.dagIds;
  const portal = await startPortal(
    [{ name: 'prod', sim }],
    [
      entity('all', {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-ids': dagIds.join(','),
      }),
      entity('etl', {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-tags': 'etl',
      }),
    ],
  );
  try {
    // Warm the token so only API calls are measured.
    await request(portal.server).get('/api/airflow/environments').set(auth);
    const rows: string[] = [];
    for (const name of ['all', 'etl']) {
      await sim.resetStats();
      const [res, ms] = await timed(() =>
        request(portal.server)
          .get(`/api/airflow/entities/default/component/${name}/dags`)
          .set(auth),
      );
      const n = res.body.environments?.[0]?.dags?.length ?? 0;
      const calls = await apiCalls(sim);
      rows.push(
        `  ${name.padEnd(4)} binding: N=${String(n).padStart(
          4,
        )} DAGs → ${calls} upstream calls (budget 2·⌈N/100⌉ = ${
          2 * Math.ceil(n / 100)
        }), cold ${ms.toFixed(0)} ms`,
      );
    }
    return rows;
  } finally {
    await portal.stop();
    await started.close();
  }
}

async function concurrentColdLoads(viewers: number) {
  const started = await simulators.startSimulators([
    { dagCount: 300, latencyMs: LATENCY_MS },
  ]);
  const [sim] = started.simulators;
  const portal = await startPortal(
    [{ name: 'prod', sim }],
    [
      entity('etl', {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-tags': 'etl',
      }),
    ],
  );
  try {
    await request(portal.server).get('/api/airflow/environments').set(auth);
    await sim.resetStats();
    const [, ms] = await timed(() =>
      Promise.all(
        Array.from({ length: viewers }, () =>
          request(portal.server)
            .get('/api/airflow/entities/default/component/etl/dags')
            .set(auth),
        ),
      ),
    );
    const coldCalls = await apiCalls(sim);
    await sim.resetStats();
    const [, warmMs] = await timed(() =>
      request(portal.server)
        .get('/api/airflow/entities/default/component/etl/dags')
        .set(auth),
    );
    const warmCalls = await apiCalls(sim);
    return [
      `  ${viewers} concurrent cold loads: ${coldCalls} upstream calls in ${ms.toFixed(
        0,
      )} ms`,
      `  warm-cache entity load: ${warmMs.toFixed(
        1,
      )} ms, ${warmCalls} upstream calls`,
    ];
  } finally {
    await portal.stop();
    await started.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * What one overview asks each environment (src/service/environmentStatus.ts:
 * health, version, import-error count and the two run counts, concurrently),
 * fetched straight from the (out-of-process) simulators without the backend:
 * the floor of this process's client side and of the simulators' process, for
 * the overview to be compared with. All five calls: the run counts scan runs
 * and cost the simulator most, so leaving them out overstates the overhead.
 */
async function directStatusCalls(sims: RemoteSimulator[]) {
  const tokens = await Promise.all(
    sims.map(async sim => {
      const res = await fetch(`${sim.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin' }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    }),
  );
  return () => {
    const since = encodeURIComponent(
      new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString(),
    );
    return Promise.all(
      sims.flatMap((sim, i) =>
        [
          '/api/v2/monitor/health',
          '/api/v2/version',
          '/api/v2/importErrors?limit=1&offset=0',
          `/api/v2/dags/~/dagRuns?state=failed&end_date_gte=${since}&limit=1`,
          '/api/v2/dags/~/dagRuns?state=running&limit=1',
        ].map(path =>
          fetch(`${sim.url}${path}`, {
            headers: { authorization: `Bearer ${tokens[i]}` },
          }).then(res => res.text()),
        ),
      ),
    );
  };
}

/** The median wall time of each of `works`, run one after the other in each of `rounds` rounds. */
async function interleavedMedians(
  rounds: number,
  works: Array<() => Promise<unknown>>,
): Promise<number[]> {
  const times = works.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, work] of works.entries()) {
      times[i].push((await timed(work))[1]);
    }
  }
  return times.map(median);
}

async function overviewFanOut(count: number) {
  const started = await simulators.startSimulators(
    Array.from({ length: count }, () => ({
      dagCount: 20,
      latencyMs: LATENCY_MS,
    })),
  );
  const sims = started.simulators;
  const envs = sims.map((sim, i) => ({ name: `env${i}`, sim }));
  // Caching off: each overview call goes upstream.
  const one = await startPortal(envs.slice(0, 1), [], 0);
  const all = await startPortal(envs, [], 0);
  try {
    const overview = (server: typeof one.server) => () =>
      request(server).get('/api/airflow/environments').set(auth);
    await overview(one.server)(); // tokens
    await overview(all.server)();
    const rounds = 9;
    const directOne = await directStatusCalls(sims.slice(0, 1));
    const directAll = await directStatusCalls(sims);
    await directOne();
    await directAll();
    // Interleaved, round by round: on a shared machine the load changes
    // within seconds, and both sides of each ratio should see the same.
    const [oneMs, allMs, directOneMs, directAllMs] = await interleavedMedians(
      rounds,
      [overview(one.server), overview(all.server), directOne, directAll],
    );
    return [
      `  overview (median of ${rounds}): 1 env ${oneMs.toFixed(
        0,
      )} ms, ${count} envs ${allMs.toFixed(0)} ms → ratio ${(
        allMs / oneMs
      ).toFixed(2)}`,
      `  same upstream calls without the backend: 1 env ${directOneMs.toFixed(
        0,
      )} ms, ${count} envs ${directAllMs.toFixed(0)} ms → ratio ${(
        directAllMs / directOneMs
      ).toFixed(2)} (this process's floor)`,
      `  the backend's overhead over the raw fan-out: ${(
        (allMs / oneMs / (directAllMs / directOneMs) - 1) *
        100
      ).toFixed(0)} % (goal: under 10 %)`,
      `  ${count} envs through the backend vs the same calls without it: ${allMs.toFixed(
        0,
      )} ms vs ${directAllMs.toFixed(0)} ms (+${(
        (allMs / directAllMs - 1) *
        100
      ).toFixed(0)} %, the request to the backend included)`,
    ];
  } finally {
    await one.stop();
    await all.stop();
    await started.close();
  }
}

async function main() {
  simulators = SimulatorProcess.start();
  try {
    await report();
  } finally {
    await simulators.stop();
  }
}

/** `BENCH_PARTS=fanout,restart` runs only those parts (e.g. to profile one). */
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? 'entity,coalescing,fanout,restart').split(','),
);

async function report() {
  console.log(`Simulated Airflow 3 with ${LATENCY_MS} ms latency per call`);
  if (PARTS.has('entity')) {
    console.log('Upstream calls per cold entity load:');
    for (const n of [10, 100, 500]) {
      for (const row of await entityLoadCost(n)) {
        console.log(row);
      }
    }
  }
  if (PARTS.has('coalescing')) {
    console.log('Coalescing and cache:');
    for (const row of await concurrentColdLoads(100)) {
      console.log(row);
    }
  }
  if (PARTS.has('fanout')) {
    console.log('Fan-out:');
    for (const row of await overviewFanOut(50)) {
      console.log(row);
    }
  }
  if (PARTS.has('restart')) {
    console.log('Airflow 3 restart (new JWT secret):');
    for (const row of await airflowRestartCase({
      simulators,
      latencyMs: LATENCY_MS,
      auth,
      startPortal: sim => startPortal([{ name: 'prod', sim }], [], 0),
    })) {
      console.log(row);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // process.exit runs the 'exit' hook that kills the simulator process.
  process.once(signal, () => process.exit(130));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
