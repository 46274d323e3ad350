import { startAirflowSimulator, AirflowSimulator } from './simulator';
import { bearer, call } from '../testing/client';
import { RunRecord } from '../state/types';

/*
 * Clear, mark and notes on both API versions, on a frozen clock: dry runs
 * change nothing, a clear queues the run and runs the cleared tasks to
 * success, marks and notes show in later reads.
 */

const FAILED = ['failed', 'upstream_failed'];

function firstFailedRun(sim: AirflowSimulator): RunRecord {
  const run = sim.state.runs.find(
    r =>
      !sim.state.isPaused(r.dagId) && sim.state.viewRun(r).state === 'failed',
  );
  if (!run) throw new Error('no failed run seeded');
  return run;
}

const failedTaskIds = (sim: AirflowSimulator, run: RunRecord) =>
  sim.state
    .taskInstances(run)
    .filter(ti => FAILED.includes(ti.state as string))
    .map(ti => ti.task.taskId);

describe('Airflow 3 run actions', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'run-actions',
      runSpeed: 100,
      frozenClock: true,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());

  const send = (method: string, path: string, body: unknown) =>
    call(sim.url, method, path, { headers: auth, body });

  it('previews a clear without changing anything, then retries the failed tasks to success', async () => {
    const run = firstFailedRun(sim);
    const path = `/api/v2/dags/${run.dagId}/dagRuns/${encodeURIComponent(
      run.runId,
    )}`;
    const failed = failedTaskIds(sim, run);
    const dry = await send('POST', `${path}/clear`, { only_failed: true });
    expect(dry.status).toBe(200);
    expect(dry.body.task_instances.map((t: any) => t.task_id)).toEqual(failed);
    expect(dry.body.total_entries).toBe(failed.length);
    expect(run.intervention).toBeUndefined();

    const done = await send('POST', `${path}/clear`, {
      dry_run: false,
      only_failed: true,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dag_run_id: run.runId, state: 'queued' });
    const cleared = sim.state
      .taskInstances(run)
      .filter(ti => failed.includes(ti.task.taskId));
    expect(cleared.map(ti => ti.state)).toEqual(failed.map(() => null));

    sim.advanceTime(60 * 60 * 1000);
    expect(sim.state.viewRun(run).state).toBe('success');
    expect(failedTaskIds(sim, run)).toEqual([]);
  });

  it('refuses unknown body fields and unknown runs as Airflow does', async () => {
    const run = sim.state.runs[0];
    const extra = await send(
      'POST',
      `/api/v2/dags/${run.dagId}/clearTaskInstances`,
      {
        dag_run_id: run.runId,
        include_subdags: true,
      },
    );
    expect(extra.status).toBe(422);
    expect(extra.body.detail[0]).toMatchObject({ type: 'extra_forbidden' });
    const missing = await send(
      'POST',
      `/api/v2/dags/${run.dagId}/clearTaskInstances`,
      { dag_run_id: 'nope' },
    );
    expect(missing.status).toBe(404);
  });

  it('marks a task instance (dry run first) and sets notes', async () => {
    const run = sim.state.runs.find(
      r => sim.state.viewRun(r).state === 'success',
    )!;
    const taskId = sim.state.taskInstances(run)[0].task.taskId;
    const tiPath = `/api/v2/dags/${run.dagId}/dagRuns/${encodeURIComponent(
      run.runId,
    )}/taskInstances/${taskId}`;
    const dry = await send('PATCH', `${tiPath}/dry_run?update_mask=new_state`, {
      new_state: 'failed',
    });
    expect(dry.body.task_instances.map((t: any) => t.state)).toEqual([
      'success',
    ]);
    expect(
      sim.state.findTaskInstance(run.dagId, run.runId, taskId)?.state,
    ).toBe('success');
    const marked = await send('PATCH', `${tiPath}?update_mask=new_state`, {
      new_state: 'failed',
    });
    expect(marked.body.task_instances[0]).toMatchObject({
      task_id: taskId,
      state: 'failed',
    });
    const again = await send('PATCH', `${tiPath}?update_mask=new_state`, {
      new_state: 'failed',
    });
    expect(again.status).toBe(409);
    const bad = await send('PATCH', tiPath, { new_state: 'running' });
    expect(bad.status).toBe(422);

    const noted = await send('PATCH', `${tiPath}?update_mask=note`, {
      note: 'checked',
    });
    expect(noted.body.task_instances[0].note).toBe('checked');
    const runNote = await send(
      'PATCH',
      `/api/v2/dags/${run.dagId}/dagRuns/${encodeURIComponent(
        run.runId,
      )}?update_mask=note`,
      { note: 'run checked' },
    );
    expect(runNote.body.note).toBe('run checked');
  });
});

describe('Airflow 2 run actions', () => {
  let sim: AirflowSimulator;
  const auth = {
    Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
  };
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow2',
      seed: 'run-actions',
      runSpeed: 100,
      frozenClock: true,
    });
  });
  afterAll(() => sim.close());

  const send = (method: string, path: string, body: unknown) =>
    call(sim.url, method, path, { headers: auth, body });

  it('previews a clear by the body form, marks a run success and notes it', async () => {
    const run = firstFailedRun(sim);
    const failed = failedTaskIds(sim, run);
    const dry = await send(
      'POST',
      `/api/v1/dags/${run.dagId}/clearTaskInstances`,
      {
        dag_run_id: run.runId,
        only_failed: true,
      },
    );
    expect(dry.body.task_instances).toEqual(
      failed.map(taskId => ({
        task_id: taskId,
        dag_id: run.dagId,
        execution_date: expect.any(String),
        dag_run_id: run.runId,
      })),
    );
    expect(run.intervention).toBeUndefined();
    const unknown = await send(
      'POST',
      `/api/v1/dags/${run.dagId}/clearTaskInstances`,
      {
        dag_run_id: run.runId,
        new_state: 'failed',
      },
    );
    expect(unknown.status).toBe(400);

    const marked = await send(
      'PATCH',
      `/api/v1/dags/${run.dagId}/dagRuns/${encodeURIComponent(run.runId)}`,
      { state: 'success' },
    );
    expect(marked.body.state).toBe('success');
    const noted = await send(
      'PATCH',
      `/api/v1/dags/${run.dagId}/dagRuns/${encodeURIComponent(
        run.runId,
      )}/setNote`,
      { note: 'fixed' },
    );
    expect(noted.body.note).toBe('fixed');
  });

  it('updates task instance states with updateTaskInstancesState', async () => {
    const run = sim.state.runs.find(
      r => sim.state.viewRun(r).state === 'success',
    )!;
    const taskId = sim.state.taskInstances(run)[0].task.taskId;
    const body = {
      task_id: taskId,
      dag_run_id: run.runId,
      new_state: 'skipped',
      include_upstream: false,
      include_downstream: false,
      include_future: false,
      include_past: false,
    };
    const dry = await send(
      'POST',
      `/api/v1/dags/${run.dagId}/updateTaskInstancesState`,
      body,
    );
    expect(dry.body.task_instances.map((t: any) => t.task_id)).toEqual([
      taskId,
    ]);
    expect(
      sim.state.findTaskInstance(run.dagId, run.runId, taskId)?.state,
    ).toBe('success');
    await send('POST', `/api/v1/dags/${run.dagId}/updateTaskInstancesState`, {
      ...body,
      dry_run: false,
    });
    expect(
      sim.state.findTaskInstance(run.dagId, run.runId, taskId)?.state,
    ).toBe('skipped');
  });
});
