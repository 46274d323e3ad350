import { startAirflowSimulator, AirflowSimulator } from '../simulator';
import { bearer, call } from '../../testing/client';
import { expectRunCountSince } from '../../testing/runCounts';

describe('Airflow 3 DAG runs, task instances and logs', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  const get = (path: string) => call(sim.url, 'GET', path, { headers: auth });
  const trigger = (dagId: string, body: unknown) =>
    call(sim.url, 'POST', `/api/v2/dags/${dagId}/dagRuns`, {
      headers: auth,
      body,
    });
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'runs',
      runSpeed: 100,
      frozenClock: true,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());

  it('requires the logical_date key and forbids unknown fields (422 HTTPValidationError)', async () => {
    const missing = await trigger('orders_daily_load', { conf: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'logical_date'],
      msg: 'Field required',
    });
    const extra = await trigger('orders_daily_load', {
      logical_date: null,
      execution_date: '2025-01-01T00:00:00Z',
    });
    expect(extra.body.detail[0]).toMatchObject({
      type: 'extra_forbidden',
      loc: ['body', 'execution_date'],
    });
    expect((await trigger('nope', { logical_date: null })).status).toBe(404);
  });

  it('answers 200 with a DAGRunResponse and 409 with the unique-violation detail on reuse', async () => {
    const first = await trigger('orders_daily_load', {
      logical_date: null,
      dag_run_id: 'rerun_1',
      conf: { full_refresh: true },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      dag_run_id: 'rerun_1',
      state: 'queued',
      run_type: 'manual',
      triggered_by: 'rest_api',
      triggering_user_name: 'admin',
      logical_date: null,
      conf: { full_refresh: true },
    });
    const again = await trigger('orders_daily_load', {
      logical_date: null,
      dag_run_id: 'rerun_1',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatchObject({
      reason: 'Unique constraint violation',
    });
    expect(Object.keys(again.body.detail).sort()).toEqual([
      'message',
      'orig_error',
      'reason',
      'statement',
    ]);
    expect(sim.stats().triggeredRuns.orders_daily_load).toBe(1);
  });

  it('moves a triggered run queued → running → final with task instances following', async () => {
    sim.state.setOutcome('payments_reconcile', 'failed');
    const run = (
      await trigger('payments_reconcile', {
        logical_date: null,
        dag_run_id: 'progress',
      })
    ).body;
    expect(run.state).toBe('queued');
    const tis = async () =>
      (
        await get(
          '/api/v2/dags/payments_reconcile/dagRuns/progress/taskInstances',
        )
      ).body.task_instances;
    expect((await tis()).map((t: any) => t.task_id)).toEqual(
      sim.state.dags.get('payments_reconcile')!.tasks.map(t => t.taskId),
    );
    expect((await tis()).every((t: any) => t.state === null)).toBe(true);
    sim.advanceTime(200);
    expect(
      (await get('/api/v2/dags/payments_reconcile/dagRuns/progress')).body
        .state,
    ).toBe('running');
    expect((await tis()).map((t: any) => t.state)).toContain('running');
    sim.advanceTime(3_600_000);
    const done = (await get('/api/v2/dags/payments_reconcile/dagRuns/progress'))
      .body;
    expect(done.state).toBe('failed');
    expect(done.end_date).not.toBeNull();
    const states = (await tis()).map((t: any) => t.state);
    expect(states).toContain('failed');
    expect(
      states.every((s: string) =>
        ['success', 'failed', 'upstream_failed'].includes(s),
      ),
    ).toBe(true);
  });

  it('lists runs across DAGs with ordering and the batch endpoint', async () => {
    const all = await get(
      '/api/v2/dags/~/dagRuns?order_by=-run_after&limit=10',
    );
    const runAfter = all.body.dag_runs.map((r: any) => Date.parse(r.run_after));
    expect([...runAfter].sort((a, b) => b - a)).toEqual(runAfter);
    const seeded = await get('/api/v2/dags/customer_360_build/dagRuns');
    expect(seeded.body.total_entries).toBeGreaterThanOrEqual(8);
    const failed = await get('/api/v2/dags/~/dagRuns?state=failed&limit=100');
    expect(failed.body.dag_runs.every((r: any) => r.state === 'failed')).toBe(
      true,
    );
    const batch = await call(sim.url, 'POST', '/api/v2/dags/~/dagRuns/list', {
      headers: auth,
      body: {
        dag_ids: ['orders_daily_load'],
        states: ['success'],
        page_limit: 2,
        page_offset: 1,
        order_by: '-logical_date',
      },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.dag_runs).toHaveLength(2);
    expect(
      batch.body.dag_runs.every(
        (r: any) => r.dag_id === 'orders_daily_load' && r.state === 'success',
      ),
    ).toBe(true);
    const bad = await call(sim.url, 'POST', '/api/v2/dags/~/dagRuns/list', {
      headers: auth,
      body: { limit: 5 },
    });
    expect(bad.status).toBe(422);
  });

  it('counts runs of all DAGs by state and end_date_gte with limit=1 (total_entries)', async () => {
    await expectRunCountSince(sim, get, '/api/v2');
  });

  it('pages a task log with a signed continuation token that ends as null', async () => {
    const run = (
      await get('/api/v2/dags/orders_daily_load/dagRuns?state=success&limit=1')
    ).body.dag_runs[0];
    const base = `/api/v2/dags/orders_daily_load/dagRuns/${encodeURIComponent(
      run.dag_run_id,
    )}/taskInstances/extract_orders/logs/1`;
    let token: string | null = null;
    const events: string[] = [];
    let pages = 0;
    do {
      const page: any = await get(
        token ? `${base}?token=${encodeURIComponent(token)}` : base,
      );
      expect(page.status).toBe(200);
      events.push(...page.body.content.map((l: any) => l.event));
      token = page.body.continuation_token;
      pages++;
    } while (token && pages < 20);
    expect(pages).toBeGreaterThanOrEqual(2);
    const opening: any = await get(base);
    expect(opening.body.content[2]).toMatchObject({
      level: 'info',
      timestamp: expect.any(String),
    });
    expect(token).toBeNull();
    expect(events.some(e => e.startsWith('Marking task as SUCCESS'))).toBe(
      true,
    );
    const first: any = await get(base);
    const tampered = `${first.body.continuation_token.slice(0, -2)}xx`;
    expect(await get(`${base}?token=${tampered}`)).toMatchObject({
      status: 400,
      body: {
        detail:
          'Bad Signature. Please use only the tokens provided by the API.',
      },
    });
    expect((await get(`${base.replace('/1', '/9')}`)).status).toBe(404);
  });

  it('lists import errors with a traceback', async () => {
    const errors = await get('/api/v2/importErrors');
    expect(errors.body.total_entries).toBeGreaterThanOrEqual(3);
    expect(errors.body.import_errors[0]).toMatchObject({
      filename: 'dags/broken_ingest.py',
      bundle_name: 'dags-folder',
    });
    expect(errors.body.import_errors[0].stack_trace).toContain('Traceback');
  });

  describe('POST /dags/~/dagRuns/~/taskInstances/list', () => {
    const batch = (
      body: unknown,
      path = '/api/v2/dags/~/dagRuns/~/taskInstances/list',
    ) => call(sim.url, 'POST', path, { headers: auth, body });
    const aRun = () =>
      sim.state
        .runsOf('data_quality_checks')
        .find(r => r.runId.startsWith('scheduled__'))!;

    it('lists the task instances of one run, ordered and paged like the GET', async () => {
      const run = aRun();
      const viaGet = await get(
        `/api/v2/dags/data_quality_checks/dagRuns/${encodeURIComponent(
          run.runId,
        )}/taskInstances`,
      );
      const res = await batch({
        dag_ids: ['data_quality_checks'],
        dag_run_ids: [run.runId],
        page_offset: 0,
        page_limit: 100,
        order_by: 'map_index',
      });
      expect(res.status).toBe(200);
      expect(res.body.total_entries).toBe(viaGet.body.total_entries);
      expect(res.body.task_instances.map((t: any) => t.task_id)).toEqual(
        viaGet.body.task_instances.map((t: any) => t.task_id),
      );
      expect(res.body.task_instances[0]).toMatchObject({
        dag_id: 'data_quality_checks',
        dag_run_id: run.runId,
      });
      const paged = await batch({
        dag_ids: ['data_quality_checks'],
        dag_run_ids: [run.runId],
        page_offset: 1,
        page_limit: 1,
      });
      expect(paged.body.task_instances).toHaveLength(1);
      expect(paged.body.task_instances[0].task_id).toBe(
        viaGet.body.task_instances[1].task_id,
      );
      const none = await batch({ dag_ids: ['nope'], dag_run_ids: [run.runId] });
      expect(none.body).toEqual({ task_instances: [], total_entries: 0 });
    });

    it('validates the body like pydantic (extra fields, types, states) and the ~ path', async () => {
      const extra = await batch({ dag_ids: ['x'], limit: 5 });
      expect(extra.status).toBe(422);
      expect(extra.body.detail[0]).toMatchObject({
        type: 'extra_forbidden',
        loc: ['body', 'limit'],
      });
      const badType = await batch({ dag_run_ids: 'r1', page_limit: -1 });
      expect(badType.status).toBe(422);
      expect(badType.body.detail.map((d: any) => d.loc)).toEqual([
        ['body', 'dag_run_ids'],
        ['body', 'page_limit'],
      ]);
      const badState = await batch({ state: ['exploded'] });
      expect(badState.status).toBe(422);
      expect(badState.body.detail[0].type).toBe('enum');
      expect((await batch({ state: [null, 'success'] })).status).toBe(200);
      expect((await batch({ order_by: 'nope' })).status).toBe(400);
      const notTilde = await batch(
        {},
        '/api/v2/dags/data_quality_checks/dagRuns/~/taskInstances/list',
      );
      expect(notTilde.status).toBe(422);
      expect(notTilde.body.detail[0].loc).toEqual(['path', 'dag_id']);
      const unauthenticated = await call(
        sim.url,
        'POST',
        '/api/v2/dags/~/dagRuns/~/taskInstances/list',
        { body: {} },
      );
      expect(unauthenticated.status).toBe(401);
    });
  });
});
