import { RunRecord } from '../../state/types';
import { airflow2ForTests } from '../../testing/airflow2';

describe('Airflow 2 task instance and log routes (/api/v1)', () => {
  const airflow = airflow2ForTests('v1-tasks');
  const { get } = airflow;
  let run: RunRecord;
  let runBase: string;
  beforeAll(() => {
    const { state } = airflow.sim;
    run = state
      .runsOf('orders_daily_load')
      .find(r => state.viewRun(r).state === 'success')!;
    runBase = `/api/v1/dags/orders_daily_load/dagRuns/${encodeURIComponent(
      run.runId,
    )}`;
  });

  it('lists a run’s task instances filtered by state, and 404 for an unknown run', async () => {
    const all = (await get(`${runBase}/taskInstances`)).body;
    expect(all.total_entries).toBe(
      airflow.sim.state.dags.get('orders_daily_load')!.tasks.length,
    );
    const succeeded = (await get(`${runBase}/taskInstances?state=success`))
      .body;
    expect(succeeded.task_instances.length).toBeGreaterThan(0);
    expect(
      succeeded.task_instances.every((t: any) => t.state === 'success'),
    ).toBe(true);
    expect(
      await get('/api/v1/dags/orders_daily_load/dagRuns/nope/taskInstances'),
    ).toMatchObject({
      status: 404,
      body: {
        detail:
          "DAGRun with DAG ID: 'orders_daily_load' and DagRun ID: 'nope' not found",
      },
    });
  });

  it('streams the log as text/plain when asked, with the same lines as the JSON content', async () => {
    const log = `${runBase}/taskInstances/extract_orders/logs/1?full_content=true`;
    const json = await get(log);
    const text = await get(log, { accept: 'text/plain' });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.body).toBe(json.body.content);
  });

  it('answers 404 for a try the task has not reached or an unknown task, 400 for a foreign token or a try that is not a number', async () => {
    const tries = airflow.sim.state
      .taskInstances(run)
      .find(ti => ti.task.taskId === 'extract_orders')!.tryNumber;
    const logs = `${runBase}/taskInstances/extract_orders/logs`;
    expect((await get(`${logs}/${tries + 1}`)).body).toMatchObject({
      status: 404,
      detail: 'TaskInstance not found',
    });
    expect((await get(`${logs}/0`)).status).toBe(404);
    expect((await get(`${runBase}/taskInstances/nope/logs/1`)).status).toBe(
      404,
    );
    expect((await get(`${logs}/1?token=forged`)).body).toMatchObject({
      status: 400,
      detail: 'Bad Signature. Please use only the tokens provided by the API.',
    });
    expect((await get(`${logs}/first`)).status).toBe(400);
  });
});
