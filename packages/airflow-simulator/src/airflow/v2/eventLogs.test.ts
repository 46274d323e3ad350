import { startAirflowSimulator, AirflowSimulator } from '../simulator';
import { bearer, call } from '../../testing/client';

describe('Airflow 3 event log and DAG versions', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  const get = (path: string) => call(sim.url, 'GET', path, { headers: auth });
  const send = (method: string, path: string, body: unknown) =>
    call(sim.url, method, path, { headers: auth, body });
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'event-log',
      dagCount: 12,
      frozenClock: true,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());

  it('records a pause and a trigger made through the API, with the user and the masked request', async () => {
    const dagId = 'orders_daily_load';
    await send('PATCH', `/api/v2/dags/${dagId}?update_mask=is_paused`, {
      is_paused: true,
    });
    const run = await send('POST', `/api/v2/dags/${dagId}/dagRuns`, {
      dag_run_id: 'manual__event-log',
      logical_date: null,
      conf: { api_password: 'x', region: 'eu' },
    });
    expect(run.status).toBe(200);
    const page = await get(
      `/api/v2/eventLogs?dag_id=${dagId}&order_by=-when&order_by=-id`,
    );
    expect(page.status).toBe(200);
    const [trigger, pause] = page.body.event_logs;
    expect(trigger).toMatchObject({
      event: 'trigger_dag_run',
      owner: 'admin',
      dag_id: dagId,
      run_id: 'manual__event-log',
    });
    expect(JSON.parse(trigger.extra).conf).toEqual({
      api_password: '***',
      region: 'eu',
    });
    expect(pause).toMatchObject({ event: 'patch_dag', owner: 'admin' });
    expect(Object.keys(pause).sort()).toEqual(
      [
        'event_log_id',
        'when',
        'dag_id',
        'task_id',
        'run_id',
        'map_index',
        'try_number',
        'event',
        'logical_date',
        'owner',
        'extra',
        'dag_display_name',
        'task_display_name',
      ].sort(),
    );
    expect(page.body.event_logs.every((e: any) => e.dag_id === dagId)).toBe(
      true,
    );
  });

  it('filters by event lists and refuses an unknown ordering', async () => {
    const excluded = await get(
      '/api/v2/eventLogs?excluded_events=patch_dag&limit=100',
    );
    expect(
      excluded.body.event_logs.some((e: any) => e.event === 'patch_dag'),
    ).toBe(false);
    const included = await get(
      '/api/v2/eventLogs?included_events=cli_dag_trigger',
    );
    expect(included.body.total_entries).toBeGreaterThan(0);
    expect(
      included.body.event_logs.every((e: any) => e.event === 'cli_dag_trigger'),
    ).toBe(true);
    expect((await get('/api/v2/eventLogs?order_by=nope')).status).toBe(400);
  });

  it('lists one version per DAG, the one its runs carry', async () => {
    const versions = await get('/api/v2/dags/orders_daily_load/dagVersions');
    expect(versions.body.total_entries).toBe(1);
    const runs = await get('/api/v2/dags/orders_daily_load/dagRuns?limit=1');
    expect(runs.body.dag_runs[0].dag_versions).toEqual(
      versions.body.dag_versions,
    );
    expect((await get('/api/v2/dags/nope/dagVersions')).status).toBe(404);
  });
});
