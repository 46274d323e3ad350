import { airflow2ForTests } from '../../testing/airflow2';

describe('Airflow 2 event log (/api/v1)', () => {
  const airflow = airflow2ForTests('v1-event-log');
  const { get, send } = airflow;

  it('records a pause through the API with the basic-auth user, filtered by dag_id', async () => {
    const dagId = 'orders_hourly_sync';
    await send('PATCH', `/api/v1/dags/${dagId}?update_mask=is_paused`, {
      is_paused: false,
    });
    const page = await get(
      `/api/v1/eventLogs?dag_id=${dagId}&order_by=-event_log_id`,
    );
    expect(page.status).toBe(200);
    expect(page.body.event_logs[0]).toEqual({
      event_log_id: expect.any(Number),
      when: expect.any(String),
      dag_id: dagId,
      task_id: null,
      run_id: null,
      map_index: null,
      try_number: null,
      event: 'api.patch_dag',
      execution_date: null,
      owner: 'admin',
      extra: JSON.stringify({ is_paused: false }),
    });
    expect(page.body.total_entries).toBe(page.body.event_logs.length);
  });

  it('takes comma separated event lists and refuses an unknown ordering', async () => {
    const only = await get('/api/v1/eventLogs?included_events=cli_dag_trigger');
    expect(only.body.total_entries).toBeGreaterThan(0);
    expect(
      only.body.event_logs.every((e: any) => e.event === 'cli_dag_trigger'),
    ).toBe(true);
    expect((await get('/api/v1/eventLogs?order_by=nope')).status).toBe(400);
  });
});
