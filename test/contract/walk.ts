/*
 * Walks every read route of the Airflow backend plugin the way the portal's
 * pages do: environments, import errors, each annotated entity's and each
 * team's DAGs, then a DAG's details (trigger form), runs, task instances and a
 * task log with its continuation.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts [backendUrl] [--tolerate-upstream-errors]
 *
 * Signs in as WALK_USER (a demo user, default pat; or guest).
 * Exits non-zero when a route answers 5xx, or a route answers without a token.
 * With --tolerate-upstream-errors (for a mock that answers random data), a
 * 502/503/504 that relays a failure Airflow reported is listed but allowed;
 * a 500, or a 5xx saying the backend could not read Airflow's answer, still
 * fails the walk.
 */
/* eslint-disable no-console */

const args = process.argv.slice(2);
const tolerateUpstream = args.includes('--tolerate-upstream-errors');
const backend = args.find(a => !a.startsWith('--')) ?? 'http://localhost:7007';

interface Outcome {
  route: string;
  status: number;
  error?: { name?: string; message?: string };
}

/** A 5xx the backend passed on from Airflow, rather than one it caused itself. */
function isRelayedUpstreamFailure(o: Outcome): boolean {
  return (
    [502, 503, 504].includes(o.status) &&
    o.error?.name === 'UpstreamError' &&
    !/unexpected answer/.test(o.error.message ?? '')
  );
}

const outcomes: Outcome[] = [];

/** Who walks: a demo user (default pat, who may read everything) or `guest`. */
const walkUser = process.env.WALK_USER ?? 'pat';

/**
 * The walking user's token once the catalog knows the user: the demo RBAC
 * policy grants by group, so a token issued before the first ingestion (no
 * groups in its ownership claims) would be denied everywhere.
 */
async function signInToken(): Promise<string> {
  const provider =
    walkUser === 'guest'
      ? 'guest/refresh?env=development'
      : `demo/refresh?env=development&user=${encodeURIComponent(walkUser)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${backend}/api/auth/${provider}`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (res.ok) {
      const body = (await res.json()) as {
        backstageIdentity: {
          token: string;
          identity?: { ownershipEntityRefs?: string[] };
        };
      };
      const refs = body.backstageIdentity.identity?.ownershipEntityRefs ?? [];
      if (refs.some(ref => ref.startsWith('group:'))) {
        return body.backstageIdentity.token;
      }
    }
    // The demo provider refuses users the catalog does not know yet.
    if (Date.now() > deadline) {
      throw new Error(
        `Sign-in as ${walkUser} failed (last answer ${res.status}), or the catalog has no groups for the user`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function get<T>(token: string | undefined, path: string): Promise<T> {
  const res = await fetch(`${backend}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  outcomes.push({
    route: path,
    status: res.status,
    error: res.status >= 500 ? body?.error : undefined,
  });
  return body as T;
}

function entityPath(ref: { kind: string; namespace: string; name: string }) {
  return `/api/airflow/entities/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.kind)}/${encodeURIComponent(ref.name)}`;
}

/** `a, b` annotation lists. */
function annotationList(entity: any, key: string): string[] {
  return String(
    entity.metadata.annotations?.[`airflow.apache.org/${key}`] ?? '',
  )
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * The entity's DAGs, then per environment one DAG's details, runs, tasks and
 * log. An environment that lists no DAG (e.g. a mock that knows none of the
 * catalog's ids) is still walked with the first DAG id the entity binds, so
 * every route reaches upstream.
 */
async function walkEntity(token: string, entity: any) {
  const ref = {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const base = entityPath(ref);
  const dags = await get<any>(token, `${base}/dags`);
  const boundIds = annotationList(entity, 'dag-ids');
  for (const env of dags?.environments ?? []) {
    const dagId: string | undefined = env.dags?.[0]?.dagId ?? boundIds[0];
    if (!dagId) continue;
    const dagBase = `${base}/environments/${encodeURIComponent(
      env.environment,
    )}/dags/${encodeURIComponent(dagId)}`;
    await get(token, `${dagBase}/details`);
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
  const token = await signInToken();

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
    await walkEntity(token, entity);
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
  const serverErrors = outcomes.filter(o => o.status >= 500);
  const failures = serverErrors.filter(
    o => !(tolerateUpstream && isRelayedUpstreamFailure(o)),
  );
  for (const o of serverErrors) {
    const allowed = !failures.includes(o);
    console.log(
      `  ${o.status} ${o.route}${allowed ? ' (relayed upstream failure)' : ''}`,
    );
    if (o.error?.message) console.log(`      ${o.error.message}`);
  }
  console.log(
    `5xx: ${serverErrors.length}, failing the walk: ${failures.length}`,
  );
  console.log(`without a token: ${unauthenticated.status}`);
  if (failures.length > 0 || unauthenticated.status !== 401) {
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
