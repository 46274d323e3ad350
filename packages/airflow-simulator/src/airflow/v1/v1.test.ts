import { airflow2ForTests } from '../../testing/airflow2';
import { basic, call } from '../../testing/client';
import { expectRunCountSince } from '../../testing/runCounts';

describe('Airflow 2 flavour (/api/v1)', () => {
  const airflow = airflow2ForTests('legacy', { dagCount: 130, runSpeed: 100 });
  const { get, send } = airflow;

  it('requires basic auth with an RFC 7807 error, except health and version', async () => {
    const denied = await call(airflow.sim.url, 'GET', '/api/v1/dags');
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      type: expect.any(String),
      detail: expect.any(String),
    });
    const wrong = await call(airflow.sim.url, 'GET', '/api/v1/dags', {
      headers: basic('admin', 'nope'),
    });
    expect(wrong.status).toBe(401);
    expect(
      (await call(airflow.sim.url, 'GET', '/api/v1/health')).body.metadatabase
        .status,
    ).toBe('healthy');
    expect(
      (await call(airflow.sim.url, 'GET', '/api/v1/version')).body.version,
    ).toMatch(/^2\./);
    expect(
      (await call(airflow.sim.url, 'GET', '/api/v2/dags', { headers: basic() }))
        .status,
    ).toBe(404);
  });

  it('uses v1 field names and paging (default 100)', async () => {
    const list = await get('/api/v1/dags');
    expect(list.body.dags).toHaveLength(100);
    expect(list.body.total_entries).toBe(130);
    const dag = (await get('/api/v1/dags/orders_daily_load')).body;
    expect(dag).toMatchObject({
      is_active: true,
      schedule_interval: { __type: 'CronExpression', value: '0 2 * * *' },
      tags: [{ name: 'orders' }, { name: 'etl' }],
    });
    expect(dag).not.toHaveProperty('is_stale');
    const ml = (await get('/api/v1/dags/ml_feature_refresh')).body;
    expect(ml.schedule_interval).toEqual({
      __type: 'TimeDelta',
      days: 0,
      seconds: 21600,
      microseconds: 0,
    });
    expect((await get('/api/v1/dags?limit=-1')).status).toBe(400);
  });

  it('triggers runs with execution_date and rejects reused ids or logical dates', async () => {
    const body = {
      dag_run_id: 'legacy_1',
      logical_date: '2025-03-01T00:00:00+00:00',
    };
    const run = await send(
      'POST',
      '/api/v1/dags/orders_daily_load/dagRuns',
      body,
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      dag_run_id: 'legacy_1',
      external_trigger: true,
      state: 'queued',
    });
    expect(run.body.execution_date).toBe(run.body.logical_date);
    const sameId = await send(
      'POST',
      '/api/v1/dags/orders_daily_load/dagRuns',
      body,
    );
    expect(sameId.status).toBe(409);
    const sameDate = await send(
      'POST',
      '/api/v1/dags/orders_daily_load/dagRuns',
      { dag_run_id: 'legacy_2', logical_date: body.logical_date },
    );
    expect(sameDate).toMatchObject({
      status: 409,
      body: { title: 'Conflict' },
    });
    const list = await send('POST', '/api/v1/dags/~/dagRuns/list', {
      dag_ids: ['orders_daily_load'],
      page_limit: 3,
    });
    expect(list.body.dag_runs).toHaveLength(3);
  });

  it('counts runs of all DAGs by state and end_date_gte with limit=1 (total_entries)', async () => {
    await expectRunCountSince(airflow.sim, get, '/api/v1');
  });

  it('returns text logs with a continuation token that is always present', async () => {
    const run = (
      await get('/api/v1/dags/orders_daily_load/dagRuns?state=success&limit=1')
    ).body.dag_runs[0];
    const base = `/api/v1/dags/orders_daily_load/dagRuns/${encodeURIComponent(
      run.dag_run_id,
    )}/taskInstances/extract_orders/logs/1`;
    let token: string | undefined;
    let text = '';
    for (let i = 0; i < 10; i++) {
      const page: any = await get(
        token ? `${base}?token=${encodeURIComponent(token)}` : base,
      );
      expect(typeof page.body.content).toBe('string');
      expect(typeof page.body.continuation_token).toBe('string');
      if (page.body.content === '') break;
      text += page.body.content;
      token = page.body.continuation_token;
    }
    expect(text).toContain('Marking task as SUCCESS');
    const tis = await get(
      `/api/v1/dags/orders_daily_load/dagRuns/${encodeURIComponent(
        run.dag_run_id,
      )}/taskInstances`,
    );
    expect(tis.body.task_instances[0]).toHaveProperty('execution_date');
  });

  it('lists task instances in a batch with ListTaskInstanceForm (unknown keys → 400)', async () => {
    const post = (body: unknown) =>
      send('POST', '/api/v1/dags/~/dagRuns/~/taskInstances/list', body);
    const run = airflow.sim.state
      .runsOf('data_quality_checks')
      .find(r => r.runId.startsWith('scheduled__'))!;
    const viaGet = await get(
      `/api/v1/dags/data_quality_checks/dagRuns/${encodeURIComponent(
        run.runId,
      )}/taskInstances`,
    );
    const res = await post({
      dag_ids: ['data_quality_checks'],
      dag_run_ids: [run.runId],
      page_offset: 0,
      page_limit: 100,
    });
    expect(res.status).toBe(200);
    expect(res.body.total_entries).toBe(viaGet.body.total_entries);
    expect(res.body.task_instances.map((t: any) => t.task_id)).toEqual(
      viaGet.body.task_instances.map((t: any) => t.task_id),
    );
    expect(res.body.task_instances[0]).toHaveProperty('execution_date');
    const unknown = await post({ dag_ids: ['x'], order_by: 'map_index' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: "{'order_by': ['Unknown field.']}",
    });
    expect((await post({ page_limit: 0 })).status).toBe(400);
    expect((await post({ dag_ids: 'x' })).status).toBe(400);
    const denied = await call(
      airflow.sim.url,
      'POST',
      '/api/v1/dags/~/dagRuns/~/taskInstances/list',
      { body: {} },
    );
    expect(denied.status).toBe(401);
  });
});
