import { startAirflowSimulator, AirflowSimulator } from '../simulator';
import { bearer, call } from '../../testing/client';

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
});
