import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { boundComponent } from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { UpstreamError } from '../transport/errors';

/*
 * Clear, mark and note through the router on the fake Airflow: what is sent
 * upstream, what is recorded, and what a retried requestId does.
 */

jest.setTimeout(60_000);

const alice = mockCredentials.user.header('user:default/alice');
const RUN = 'scheduled__2025-01-01T00:00:00.000Z';
const runPath = `/entities/default/component/shop/environments/prod/dags/checkout/runs/${encodeURIComponent(
  RUN,
)}`;

/** Whom the policy lets act: alice unless `denied` names the permission. */
let denied = new Set<string>();

const decide = (req: { permission: { name: string } }) =>
  denied.has(req.permission.name)
    ? { result: AuthorizeResult.DENY as AuthorizeResult.DENY }
    : { result: AuthorizeResult.ALLOW as AuthorizeResult.ALLOW };

let app: RouterTestApp;

beforeAll(async () => {
  app = await startRouterTestApp({
    environments: [testEnvironment('prod')],
    dags: [{ dagId: 'checkout', tags: [], runs: 3, runState: 'failed' }],
    entities: [boundComponent('shop', 'prod', 'checkout')],
    authorize: async requests => requests.map(decide),
    authorizeConditional: async requests => requests.map(decide),
  });
});
beforeEach(async () => {
  denied = new Set();
  await app.reset();
});

/** The calls that reached Airflow, as `METHOD path`. */
const upstream = () =>
  app.airflow.prod.calls.map(call => `${call.method} ${call.path}`);
const writes = () =>
  app.airflow.prod.calls.filter(
    call =>
      call.method === 'PATCH' ||
      (call.method === 'POST' &&
        (call.body as { dry_run?: boolean } | undefined)?.dry_run === false),
  );

describe('clear', () => {
  it('previews with Airflow dry run, and records nothing', async () => {
    const res = await request(app.url)
      .post(`${runPath}/clear/preview`)
      .set('Authorization', alice)
      .send({ onlyFailed: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      environment: 'prod',
      dagId: 'checkout',
      runId: RUN,
      taskInstances: [
        { taskId: 'extract', runId: RUN, mapIndex: -1, state: 'failed' },
        { taskId: 'load', runId: RUN, mapIndex: -1, state: 'failed' },
      ],
    });
    const clearCall = app.airflow.prod.calls.find(c =>
      c.path.endsWith('/clear'),
    );
    expect(clearCall?.body).toEqual({ dry_run: true, only_failed: true });
    expect(await app.auditRecords()).toEqual([]);
  });

  it('clears once for a retried requestId and records both attempts', async () => {
    const body = {
      taskIds: ['extract'],
      includeDownstream: true,
      requestId: 'c-1',
    };
    const first = await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send(body);
    expect(first.status).toBe(200);
    expect(first.body.deduplicated).toBe(false);
    expect(writes().map(c => c.body)).toEqual([
      {
        dry_run: false,
        dag_run_id: RUN,
        task_ids: ['extract'],
        only_failed: false,
        include_upstream: false,
        include_downstream: true,
      },
    ]);

    const again = await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      ...first.body,
      taskInstances: first.body.taskInstances.map(
        (ti: { taskId: string; runId: string }) => ({
          taskId: ti.taskId,
          runId: ti.runId,
        }),
      ),
      deduplicated: true,
    });
    // No second write reached Airflow.
    expect(writes()).toHaveLength(1);
    const records = await app.auditRecords();
    expect(records.map(r => [r.action, r.outcome])).toEqual([
      ['task.clear', 'deduplicated'],
      ['task.clear', 'succeeded'],
    ]);
    expect(records[1]).toMatchObject({
      actor: 'user:default/alice',
      runId: RUN,
      taskIds: ['extract'],
      requestId: 'c-1',
      conf: {
        onlyFailed: false,
        includeUpstream: false,
        includeDownstream: true,
      },
    });
  });

  it('refuses a requestId reused for another input (409), without calling Airflow', async () => {
    await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send({ onlyFailed: true, requestId: 'c-2' });
    const other = await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send({ onlyFailed: false, requestId: 'c-2' });
    expect(other.status).toBe(409);
    expect(other.body.error.name).toBe('ConflictError');
    expect(writes()).toHaveLength(1);
  });

  it('records a failed upstream call with Airflow status', async () => {
    app.airflow.prod.failPaths.set(
      `/dags/checkout/dagRuns/${encodeURIComponent(RUN)}/clear`,
      new UpstreamError('Airflow answered 500', {
        environment: 'prod',
        kind: 'http',
        status: 500,
      }),
    );
    const res = await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send({ onlyFailed: true, requestId: 'c-3' });
    expect(res.status).toBe(502);
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({
      action: 'run.clear',
      outcome: 'failed',
      upstreamStatus: 500,
      runId: RUN,
    });
  });

  it('denies without airflow.dag.clear: 403, one denied record, no write', async () => {
    denied = new Set(['airflow.dag.clear']);
    const res = await request(app.url)
      .post(`${runPath}/clear`)
      .set('Authorization', alice)
      .send({ onlyFailed: true, requestId: 'c-4' });
    expect(res.status).toBe(403);
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual(['denied']);
    expect(writes()).toEqual([]);
    const preview = await request(app.url)
      .post(`${runPath}/clear/preview`)
      .set('Authorization', alice)
      .send({});
    expect(preview.status).toBe(403);
    expect(upstream().some(call => call.includes('/clear'))).toBe(false);
  });
});

describe('mark and note', () => {
  it('previews a run mark from the run and its unfinished task instances', async () => {
    const res = await request(app.url)
      .post(`${runPath}/state/preview`)
      .set('Authorization', alice)
      .send({ state: 'success' });
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ runId: RUN, state: 'failed' });
    // The fake run's task instances are all finished.
    expect(res.body.taskInstances).toEqual([]);
    expect(await app.auditRecords()).toEqual([]);
  });

  it('marks a run with update_mask=state and records run.mark', async () => {
    const res = await request(app.url)
      .post(`${runPath}/state`)
      .set('Authorization', alice)
      .send({ state: 'success', requestId: 'm-1' });
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({ runId: RUN, state: 'success' });
    expect(writes().map(c => [c.path, c.query, c.body])).toEqual([
      [
        `/dags/checkout/dagRuns/${encodeURIComponent(RUN)}`,
        { update_mask: 'state' },
        { state: 'success' },
      ],
    ]);
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({
      action: 'run.mark',
      outcome: 'succeeded',
      runId: RUN,
      conf: { state: 'success' },
    });
  });

  it('marks a task instance, its dry run on Airflow 3 dry_run path', async () => {
    const preview = await request(app.url)
      .post(`${runPath}/tasks/extract/state/preview`)
      .set('Authorization', alice)
      .send({ state: 'skipped' });
    expect(preview.status).toBe(200);
    const done = await request(app.url)
      .post(`${runPath}/tasks/extract/state`)
      .set('Authorization', alice)
      .send({ state: 'skipped', requestId: 'm-2' });
    expect(done.body.taskInstances).toEqual([
      { taskId: 'extract', runId: RUN, mapIndex: -1, state: 'skipped' },
    ]);
    expect(upstream().filter(c => c.startsWith('PATCH'))).toEqual([
      `PATCH /dags/checkout/dagRuns/${encodeURIComponent(
        RUN,
      )}/taskInstances/extract/dry_run`,
      `PATCH /dags/checkout/dagRuns/${encodeURIComponent(
        RUN,
      )}/taskInstances/extract`,
    ]);
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({ action: 'task.mark', taskIds: ['extract'] });
  });

  it('sets the notes of a run and of a task instance', async () => {
    const run = await request(app.url)
      .post(`${runPath}/note`)
      .set('Authorization', alice)
      .send({ note: 'looked into it', requestId: 'n-1' });
    expect(run.body.run).toMatchObject({ note: 'looked into it' });
    const task = await request(app.url)
      .post(`${runPath}/tasks/load/note`)
      .set('Authorization', alice)
      .send({ note: 'flaky source', requestId: 'n-2' });
    expect(task.status).toBe(200);
    expect(writes().map(c => [c.query, c.body])).toEqual([
      [{ update_mask: 'note' }, { note: 'looked into it' }],
      [{ update_mask: 'note' }, { note: 'flaky source' }],
    ]);
    expect((await app.auditRecords()).map(r => r.action)).toEqual([
      'task.note',
      'run.note',
    ]);
  });
});
