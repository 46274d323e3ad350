import { airflow2ForTests } from '../../testing/airflow2';

describe('Airflow 2 DAG run routes (/api/v1)', () => {
  const airflow = airflow2ForTests('v1-runs');
  const { get } = airflow;
  const list = (body: unknown) =>
    airflow.send('POST', '/api/v1/dags/~/dagRuns/list', body);

  it('reads one run, with the 404 of an unknown run or DAG', async () => {
    const [run] = airflow.sim.state.runsOf('orders_daily_load');
    const one = await get(
      `/api/v1/dags/orders_daily_load/dagRuns/${encodeURIComponent(run.runId)}`,
    );
    expect(one.body).toMatchObject({
      dag_id: 'orders_daily_load',
      dag_run_id: run.runId,
    });
    expect(
      await get('/api/v1/dags/orders_daily_load/dagRuns/nope'),
    ).toMatchObject({
      status: 404,
      body: {
        detail:
          "DAGRun with DAG ID: 'orders_daily_load' and DagRun ID: 'nope' not found",
      },
    });
    expect((await get('/api/v1/dags/nope/dagRuns')).status).toBe(404);
  });

  it('orders a DAG’s runs by order_by and refuses fields Airflow does not sort by', async () => {
    const ids = (
      await get(
        '/api/v1/dags/orders_daily_load/dagRuns?order_by=-execution_date',
      )
    ).body.dag_runs.map((r: any) => r.execution_date);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(
      (await get('/api/v1/dags/orders_daily_load/dagRuns?order_by=note'))
        .status,
    ).toBe(400);
  });

  it('lists runs across DAGs with ListDagRunsForm: dag_ids, states, paging', async () => {
    const failed = await list({
      dag_ids: ['payments_reconcile', 'orders_daily_load'],
      states: ['failed'],
      page_limit: 100,
    });
    const expected = airflow.sim.state.runs.filter(
      r =>
        ['payments_reconcile', 'orders_daily_load'].includes(r.dagId) &&
        airflow.sim.state.viewRun(r).state === 'failed',
    );
    expect(failed.status).toBe(200);
    expect(failed.body.total_entries).toBe(expected.length);
    expect(failed.body.dag_runs.map((r: any) => r.dag_run_id).sort()).toEqual(
      expected.map(r => r.runId).sort(),
    );
    const second = await list({ page_offset: 1, page_limit: 1 });
    const all = await list({ page_limit: 2 });
    expect(second.body.dag_runs).toEqual([all.body.dag_runs[1]]);
  });

  it('answers 400 for a form the spec forbids (unknown key, offset < 0, limit < 1, a list that is not one)', async () => {
    expect((await list({ dag_id: 'x' })).body.detail).toBe(
      "{'dag_id': ['Unknown field.']}",
    );
    expect((await list({ page_offset: -1 })).body).toMatchObject({
      status: 400,
      detail: '-1 is less than the minimum of 0',
    });
    expect((await list({ page_limit: 0 })).status).toBe(400);
    expect((await list({ states: 'failed' })).body.detail).toBe(
      "{'states': ['Not a valid list.']}",
    );
  });
});
