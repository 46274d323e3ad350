/*
 * Walks every read route of the Airflow backend plugin the way the portal's
 * pages do: environments, import errors, each annotated entity's and each
 * team's DAGs, then runs, task instances and a task log with its continuation.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts [backendUrl]
 *
 * Exits non-zero when a route answers 5xx, or a route answers without a token.
 */
/* eslint-disable no-console */

const backend = process.argv[2] ?? 'http://localhost:7007';

interface Outcome {
  route: string;
  status: number;
}

const outcomes: Outcome[] = [];

async function guestToken(): Promise<string> {
  const res = await fetch(`${backend}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`Guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

async function get<T>(token: string | undefined, path: string): Promise<T> {
  const res = await fetch(`${backend}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  outcomes.push({ route: path, status: res.status });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function entityPath(ref: { kind: string; namespace: string; name: string }) {
  return `/api/airflow/entities/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
}

async function walkEntity(
  token: string,
  ref: { kind: string; namespace: string; name: string },
) {
  const base = entityPath(ref);
  const dags = await get<any>(token, `${base}/dags`);
  for (const env of dags?.environments ?? []) {
    const dag = env.dags?.[0];
    if (!dag) continue;
    const dagBase = `${base}/environments/${encodeURIComponent(
      env.environment,
    )}/dags/${encodeURIComponent(dag.dagId)}`;
    const runs = await get<any>(token, `${dagBase}/runs?limit=5`);
    await get(token, `${dagBase}/runs?limit=5&offset=5&state=failed`);
    const run = runs?.items?.[0];
    if (!run) continue;
    const runBase = `${dagBase}/runs/${encodeURIComponent(run.runId)}`;
    const tasks = await get<any>(token, `${runBase}/tasks`);
    const task = tasks?.items?.find((t: any) => t.tryNumber > 0);
    if (!task) continue;
    const logBase = `${runBase}/tasks/${encodeURIComponent(task.taskId)}/logs/${
      task.tryNumber
    }`;
    let chunk = await get<any>(token, logBase);
    for (let page = 0; page < 3 && chunk?.continuationToken; page++) {
      chunk = await get<any>(
        token,
        `${logBase}?token=${encodeURIComponent(chunk.continuationToken)}`,
      );
    }
  }
}

/** Annotated entities and groups; waits for the catalog's first ingestion after a fresh start. */
async function catalogEntities(token: string): Promise<any[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(
      `${backend}/api/catalog/entities?filter=kind=component&filter=kind=resource&filter=kind=group&fields=kind,metadata.name,metadata.namespace,metadata.annotations`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const entities = res.ok ? ((await res.json()) as any[]) : [];
    if (entities.length > 0 || Date.now() > deadline) {
      return entities;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function main() {
  const token = await guestToken();

  await get(undefined, '/api/airflow/environments');
  const unauthenticated = outcomes.pop()!;

  const envs = await get<any>(token, '/api/airflow/environments');
  for (const env of envs?.environments ?? []) {
    await get(token, `/api/airflow/environments/${env.name}`);
    await get(token, `/api/airflow/environments/${env.name}/import-errors`);
  }

  const entities = await catalogEntities(token);
  for (const entity of entities ?? []) {
    const annotated = Object.keys(entity.metadata.annotations ?? {}).some(k =>
      k.startsWith('airflow.apache.org/'),
    );
    if (!annotated && entity.kind !== 'Group') continue;
    await walkEntity(token, {
      kind: entity.kind.toLocaleLowerCase('en-US'),
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    });
  }

  const byStatus = new Map<number, number>();
  for (const o of outcomes) {
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  }
  console.log(
    `${outcomes.length} requests; by status: ${[...byStatus]
      .map(([s, n]) => `${s}×${n}`)
      .join(', ')}`,
  );
  const failures = outcomes.filter(o => o.status >= 500);
  for (const f of failures) console.log(`  ${f.status} ${f.route}`);
  console.log(`without a token: ${unauthenticated.status}`);
  if (failures.length > 0 || unauthenticated.status !== 401) {
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
