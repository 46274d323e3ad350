/*
 * Walks every read route of the Airflow backend plugin the way the portal's
 * pages do: environments, import errors, each annotated entity's and each
 * team's DAGs, then a DAG's details (trigger form), grid, versions and
 * Airflow event log, runs, task instances and a task log with its
 * continuation; and, once per environment, the run actions (clear, mark and
 * note previews, then the actions) on one run; the approvals an entity
 * shows and an answer to one; a DAG's backfills, a preview and a backfill
 * paused, unpaused and cancelled.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts [backendUrl] [--tolerate-upstream-errors]
 *
 * Signs in as WALK_USER (a demo user, default pat; or guest); the coverage
 * check below expects a user who may read every environment.
 * Exits non-zero when a route answers 5xx, a route answers without a token,
 * or some route never reached Airflow in some environment (the walk would
 * prove nothing about it). With --tolerate-upstream-errors (for a mock that
 * may choose error statuses), a 502/503 that relays an error status Airflow
 * answered is listed but allowed; any other 5xx (a timeout, an answer the
 * backend could not read, a 500) still fails the walk.
 */
/* eslint-disable no-console */

import { Outcome, printVerdict, RouteKind } from './walkVerdict';

const args = process.argv.slice(2);
const tolerateUpstream = args.includes('--tolerate-upstream-errors');
const backend = args.find(a => !a.startsWith('--')) ?? 'http://localhost:7007';

/**
 * Ids the walk goes on with when a listing offers none the backend accepts (a
 * mock answering random data lists runs and tasks with lorem-ipsum ids, or
 * none): Airflow answers for them too (a mock with data, a real one with 404),
 * so every route reaches Airflow whatever the listing held.
 */
const FALLBACK_RUN_ID = 'manual__walk';
const FALLBACK_TASK = { taskId: 'walk_task', tryNumber: 1 };

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

interface Answer {
  status: number;
  body: any;
}

/** GETs a route of the backend and records the outcome. */
async function get(
  token: string | undefined,
  path: string,
  kind: RouteKind,
  environment?: string,
): Promise<Answer> {
  const res = await fetch(`${backend}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  outcomes.push({
    route: path,
    kind,
    environment,
    status: res.status,
    error: res.ok ? undefined : body?.error,
  });
  return { status: res.status, body };
}

/** A POST of a run action: a preview (dry run) or a confirmed action. */
async function post(
  token: string,
  path: string,
  body: unknown,
  environment: string,
  kind: RouteKind = 'run-action',
  method = 'POST',
): Promise<Answer> {
  const res = await fetch(`${backend}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const answer = text ? JSON.parse(text) : undefined;
  outcomes.push({
    route: `${method} ${path}`,
    kind,
    environment,
    status: res.status,
    error: res.ok ? undefined : answer?.error,
  });
  return { status: res.status, body: answer };
}

/** Environments whose run actions the walk has taken (once each: they change the run). */
const actedIn = new Set<string>();

/**
 * Previews (Airflow's dry runs), then the confirmed actions, on one run and
 * task of the environment: every upstream call of clear, mark and note. Over
 * MWAA some answer 422 (a path over 64 characters with no body form).
 */
async function walkRunActions(
  token: string,
  environment: string,
  runBase: string,
  taskId: string,
) {
  if (actedIn.has(environment)) return;
  actedIn.add(environment);
  const taskBase = `${runBase}/tasks/${encodeURIComponent(taskId)}`;
  const id = (action: string) => `walk-${environment}-${action}`;
  const steps: Array<[string, unknown]> = [
    [`${runBase}/clear/preview`, {}],
    [`${runBase}/clear/preview`, { onlyFailed: true }],
    [
      `${runBase}/clear/preview`,
      { taskIds: [taskId], includeDownstream: true, onlyFailed: false },
    ],
    [`${runBase}/state/preview`, { state: 'success' }],
    [`${taskBase}/state/preview`, { state: 'skipped' }],
    [`${runBase}/clear`, { onlyFailed: true, requestId: id('clear') }],
    [`${runBase}/note`, { note: 'contract walk', requestId: id('note') }],
    [`${taskBase}/note`, { note: 'contract walk', requestId: id('tnote') }],
    [`${taskBase}/state`, { state: 'skipped', requestId: id('tmark') }],
    [`${runBase}/state`, { state: 'success', requestId: id('mark') }],
  ];
  for (const [path, body] of steps) {
    await post(token, path, body, environment);
  }
}

/** Environments whose backfill actions the walk has taken (once each: one backfill at a time per DAG). */
const backfilledIn = new Set<string>();

/**
 * A DAG's backfills, a preview (Airflow's dry run) of a past range and, once
 * per environment, a backfill of it that is paused, unpaused and cancelled.
 * Airflow 2 answers 501 before any upstream call.
 */
async function walkBackfills(
  token: string,
  environment: string,
  dagBase: string,
) {
  await get(token, `${dagBase}/backfills?limit=5`, 'backfills', environment);
  const day = 24 * 60 * 60 * 1000;
  // A past range, before the simulator's seeded history.
  const range = {
    fromDate: new Date(Date.now() - 60 * day).toISOString(),
    toDate: new Date(Date.now() - 58 * day).toISOString(),
  };
  const preview = await get(
    token,
    `${dagBase}/backfills/preview?${new URLSearchParams(range)}`,
    'backfills',
    environment,
  );
  if (preview.status !== 200 || backfilledIn.has(environment)) return;
  backfilledIn.add(environment);
  const created = await post(
    token,
    `${dagBase}/backfills`,
    { ...range, maxActiveRuns: 1, requestId: `walk-${environment}-backfill` },
    environment,
    'backfills',
  );
  const id = created.body?.id;
  if (created.status !== 200 || typeof id !== 'number') return;
  for (const action of ['pause', 'unpause', 'cancel']) {
    await post(
      token,
      `${dagBase}/backfills/${id}`,
      { action },
      environment,
      'backfills',
      'PATCH',
    );
  }
}

/** Environments in which the walk has answered an approval (each approval takes one answer). */
const answeredIn = new Set<string>();

/**
 * The entity's pending approvals and, once per environment, an answer to
 * the first one with its first option (the demo's seeded approval in
 * mwaa-payments has a path that fits MWAA's 64 characters).
 */
async function walkApprovals(token: string, base: string) {
  const listing = (await get(token, `${base}/approvals`, 'approvals')).body;
  for (const env of listing?.environments ?? []) {
    const approval = env.approvals?.[0];
    if (!approval || answeredIn.has(env.environment)) continue;
    answeredIn.add(env.environment);
    await post(
      token,
      `${base}/environments/${encodeURIComponent(
        env.environment,
      )}/dags/${encodeURIComponent(approval.dagId)}/runs/${encodeURIComponent(
        approval.runId,
      )}/tasks/${encodeURIComponent(approval.taskId)}/approval`,
      {
        chosenOptions: approval.options.slice(0, 1),
        mapIndex: approval.mapIndex,
        requestId: `walk-${env.environment}-approval`,
      },
      env.environment,
      'approvals',
    );
  }
}

/** A 400 of the backend's own input check: the id never reached Airflow. */
const refusedInput = (a: Answer) =>
  a.status === 400 && a.body?.error?.name === 'InputError';

/** Visits the candidates in order until the backend accepts one. */
async function firstAccepted<T>(
  candidates: T[],
  visit: (candidate: T) => Promise<Answer>,
): Promise<{ candidate: T; answer: Answer }> {
  let last!: { candidate: T; answer: Answer };
  for (const candidate of candidates) {
    last = { candidate, answer: await visit(candidate) };
    if (!refusedInput(last.answer)) break;
  }
  return last;
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
  const dags = (await get(token, `${base}/dags`, 'entity-dags')).body;
  await walkApprovals(token, base);
  const boundIds = annotationList(entity, 'dag-ids');
  for (const env of dags?.environments ?? []) {
    const dagId: string | undefined = env.dags?.[0]?.dagId ?? boundIds[0];
    if (!dagId) continue;
    await walkDag(
      token,
      env.environment,
      `${base}/environments/${encodeURIComponent(
        env.environment,
      )}/dags/${encodeURIComponent(dagId)}`,
    );
  }
}

/** A DAG's details, runs, the first run's tasks and a task's log with its continuation. */
async function walkDag(token: string, environment: string, dagBase: string) {
  const read = (path: string, kind: RouteKind) =>
    get(token, path, kind, environment);
  await read(`${dagBase}/details`, 'details');
  await read(`${dagBase}/grid?limit=10`, 'grid');
  await read(`${dagBase}/versions?limit=5`, 'versions');
  await read(`${dagBase}/event-log?limit=25`, 'event-log');
  const runs = (await read(`${dagBase}/runs?limit=5`, 'runs')).body;
  await read(`${dagBase}/runs?limit=5&offset=5&state=failed`, 'runs');
  const listedRun: string | undefined = runs?.items?.[0]?.runId;
  const { candidate: runId, answer: tasks } = await firstAccepted(
    listedRun === undefined ? [FALLBACK_RUN_ID] : [listedRun, FALLBACK_RUN_ID],
    id => read(`${dagBase}/runs/${encodeURIComponent(id)}/tasks`, 'tasks'),
  );
  const runBase = `${dagBase}/runs/${encodeURIComponent(runId)}`;
  const listedTask = tasks.body?.items?.find((t: any) => t.tryNumber > 0);
  const logPath = (task: { taskId: string; tryNumber: number }) =>
    `${runBase}/tasks/${encodeURIComponent(task.taskId)}/logs/${
      task.tryNumber
    }`;
  const { candidate: task, answer: firstPage } = await firstAccepted(
    listedTask ? [listedTask, FALLBACK_TASK] : [FALLBACK_TASK],
    t => read(logPath(t), 'log'),
  );
  await walkRunActions(token, environment, runBase, task.taskId);
  await walkBackfills(token, environment, dagBase);
  let chunk = firstPage.body;
  for (let page = 0; page < 3 && chunk?.continuationToken; page++) {
    const next = `${logPath(task)}?token=${encodeURIComponent(
      chunk.continuationToken,
    )}`;
    chunk = (await read(next, 'log')).body;
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

  await get(undefined, '/api/airflow/environments', 'environment');
  const unauthenticated = outcomes.pop()!;

  const envs = (await get(token, '/api/airflow/environments', 'environment'))
    .body;
  await get(token, '/api/airflow/approval-counts', 'approvals');
  const names: string[] = (envs?.environments ?? []).map((e: any) => e.name);
  for (const name of names) {
    const path = `/api/airflow/environments/${encodeURIComponent(name)}`;
    await get(token, path, 'environment', name);
    await get(token, `${path}/import-errors`, 'import-errors', name);
  }

  const entities = await catalogEntities(token);
  for (const entity of entities ?? []) {
    const annotated = Object.keys(entity.metadata.annotations ?? {}).some(k =>
      k.startsWith('airflow.apache.org/'),
    );
    if (!annotated && entity.kind !== 'Group') continue;
    await walkEntity(token, entity);
  }

  const passed = printVerdict(outcomes, {
    tolerateUpstream,
    environments: names,
  });
  console.log(`without a token: ${unauthenticated.status}`);
  if (!passed || names.length === 0 || unauthenticated.status !== 401) {
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
