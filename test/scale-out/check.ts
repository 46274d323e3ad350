/*
 * What two replicas on one PostgreSQL and one Redis must show (run by
 * test/scale-out/run.sh, which starts them):
 *  1. a warm entity load on the second replica costs no upstream call: the
 *     cached answers live in Redis (backend.cache), not in one process;
 *  2. token exchanges: at most one per replica and JWT environment;
 *  3. audit records written through either replica are visible through both;
 *  4. scheduled work runs once across replicas: both report the same task
 *     state (PostgreSQL), and an expired audit record triggered for deletion
 *     on both at once is deleted by one run.
 */
/* eslint-disable no-console */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const env = process.env;
const replicas = (env.REPLICA_URLS ?? '').split(',');
const simulators = (env.SIMULATOR_URLS ?? '').split(',');
const logs = (env.REPLICA_LOGS ?? '').split(',');
const ENTITY = '/api/airflow/entities/default/component/orders-service/dags';

let failures = 0;
function check(ok: boolean, what: string) {
  console.log(`  ${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failures++;
}

async function signIn(base: string, user: string): Promise<string> {
  const res = await fetch(
    `${base}/api/auth/demo/refresh?env=development&user=${user}`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!res.ok) throw new Error(`sign-in at ${base}: ${res.status}`);
  return ((await res.json()) as any).backstageIdentity.token;
}

async function call(
  base: string,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

interface Upstream {
  api: number;
  /** Token exchanges with the Airflow the backend reaches over JWT (the first simulator). */
  tokens: number;
  byRoute: Record<string, number>;
}

async function upstream(): Promise<Upstream> {
  const result: Upstream = { api: 0, tokens: 0, byRoute: {} };
  for (const [index, url] of simulators.entries()) {
    const stats = (await (await fetch(`${url}/_simulator/stats`)).json()) as {
      byRoute: Record<string, number>;
    };
    for (const [route, n] of Object.entries(stats.byRoute)) {
      if (route.includes('/api/')) {
        result.api += n;
        const key = `${url} ${route}`;
        result.byRoute[key] = (result.byRoute[key] ?? 0) + n;
      }
      // The MWAA front's own token exchanges with its backing Airflow are not the backend's.
      if (index === 0 && route === 'POST /auth/token') result.tokens += n;
    }
  }
  return result;
}

/** Routes called between two readings, for the report. */
function calledBetween(before: Upstream, after: Upstream): string {
  return Object.entries(after.byRoute)
    .filter(([key, n]) => n > (before.byRoute[key] ?? 0))
    .map(([key, n]) => `${key} ×${n - (before.byRoute[key] ?? 0)}`)
    .join(', ');
}

const deletedLines = () =>
  logs
    .map(
      path =>
        readFileSync(path, 'utf8').match(/Deleted \d+ Airflow audit records/g)
          ?.length ?? 0,
    )
    .reduce((a, b) => a + b, 0);

async function main() {
  const [a, b] = replicas;
  const pat = { a: await signIn(a, 'pat'), b: await signIn(b, 'pat') };

  console.log('Shared cache (Redis):');
  const first = await upstream();
  const cold = await call(a, pat.a, ENTITY);
  const afterA = await upstream();
  const warm = await call(b, pat.b, ENTITY);
  const afterB = await upstream();
  check(
    cold.status === 200 && warm.status === 200,
    'the entity loads on both replicas',
  );
  console.log(
    `    replica A (cold): ${
      afterA.api - first.api
    } upstream calls (${calledBetween(first, afterA)})`,
  );
  console.log(
    `    replica B (warm): ${
      afterB.api - afterA.api
    } upstream calls (${calledBetween(afterA, afterB)})`,
  );
  // An `apiVersion: auto` environment asks Airflow for its version once per
  // replica, when the replica first needs it (like its token): not a page's data.
  const dataCalls = Object.entries(afterB.byRoute)
    .filter(([key]) => !key.endsWith(' GET /api/v2/version'))
    .reduce((sum, [key, n]) => sum + n - (afterA.byRoute[key] ?? 0), 0);
  check(
    dataCalls === 0,
    'a warm load on the second replica costs no upstream call for data (the version probe aside)',
  );
  check(
    JSON.stringify(cold.body) === JSON.stringify(warm.body),
    'both replicas answer the same',
  );

  console.log('Token exchanges:');
  await Promise.all([
    call(a, pat.a, '/api/airflow/environments'),
    call(b, pat.b, '/api/airflow/environments'),
  ]);
  const tokens = (await upstream()).tokens;
  console.log(
    `    token exchanges with data-prod (JWT) since start: ${tokens}`,
  );
  check(tokens <= replicas.length, 'at most one per replica');

  console.log('Audit trail (PostgreSQL):');
  const trigger = (base: string, token: string) =>
    call(
      base,
      token,
      '/api/airflow/entities/default/component/orders-service/environments/legacy-etl/dags/orders_daily_load/runs',
      {
        method: 'POST',
        body: JSON.stringify({ requestId: randomUUID(), conf: {} }),
      },
    );
  const [viaA, viaB] = [await trigger(a, pat.a), await trigger(b, pat.b)];
  check(
    viaA.status === 200 && viaB.status === 200,
    'a trigger through each replica',
  );
  for (const [name, base, token] of [
    ['A', a, pat.a],
    ['B', b, pat.b],
  ] as const) {
    const audit = await call(base, token, '/api/airflow/audit');
    const runIds = new Set(audit.body.items.map((r: any) => r.runId));
    check(
      runIds.has(viaA.body.runId) && runIds.has(viaB.body.runId),
      `replica ${name} lists both triggers`,
    );
  }

  console.log('Scheduled work (coreServices.scheduler on PostgreSQL):');
  const tasks = async (base: string, token: string) =>
    (await call(base, token, '/api/airflow/.backstage/scheduler/v1/tasks')).body
      .tasks as Array<{ taskId: string; scope: string; taskState: unknown }>;
  const retention = (list: Awaited<ReturnType<typeof tasks>>) =>
    list.find(t => t.taskId === 'airflow-audit-retention');
  const [onA, onB] = [
    retention(await tasks(a, pat.a)),
    retention(await tasks(b, pat.b)),
  ];
  check(onA?.scope === 'global', 'audit retention is a global task');
  check(
    JSON.stringify(onA?.taskState) === JSON.stringify(onB?.taskState),
    `both replicas see one task state: ${JSON.stringify(onA?.taskState)}`,
  );
  const before = deletedLines();
  await Promise.all([
    fetch(
      `${a}/api/airflow/.backstage/scheduler/v1/tasks/airflow-audit-retention/trigger`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${pat.a}` },
      },
    ),
    fetch(
      `${b}/api/airflow/.backstage/scheduler/v1/tasks/airflow-audit-retention/trigger`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${pat.b}` },
      },
    ),
  ]);
  // A triggered global task starts within a few seconds on one replica.
  for (let i = 0; i < 60 && deletedLines() === before; i++) {
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  await new Promise(resolve => setTimeout(resolve, 5000));
  check(
    deletedLines() - before === 1,
    `the expired record was deleted by one run (deletions logged: ${
      deletedLines() - before
    })`,
  );

  console.log(
    failures ? `scale-out: ${failures} failed` : 'scale-out: all passed',
  );
  process.exit(failures ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
