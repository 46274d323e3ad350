import type { AirflowSimulator } from '@airflow-portal/airflow-simulator';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  type SimulatorStack,
  type StackEnvironmentName,
  startSimulatorStack,
} from '../__testUtils__/simulatorStack';
import {
  boundComponent,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';
import { MWAA_LIMITS } from '../transport/MwaaTransport';

/*
 * Retry failed, mark state and notes through every transport: Airflow 3
 * with a JWT, Airflow 2 with basic auth, and both behind the MWAA front.
 * The clear of a run goes through MWAA's 64-character Path with the body
 * form; calls Airflow has no such form for answer 422 where the path does
 * not fit.
 */
const auth = { Authorization: mockCredentials.user.header() };
const FAILED_STATES = ['failed', 'upstream_failed'];

/** Clear, mark and note calls that reached the simulator, dry runs included. */
function actionCalls(sim: AirflowSimulator): number {
  return Object.entries(sim.stats().byRoute)
    .filter(([route]) =>
      /^(PATCH .*dagRuns|POST .*(clear|updateTaskInstancesState))/.test(route),
    )
    .reduce((sum, [, count]) => sum + count, 0);
}

/** The first seeded run that failed, of a DAG that is not paused. */
function failedRun(sim: AirflowSimulator) {
  const store = sim.state;
  const run = store.runs.find(
    r => !store.isPaused(r.dagId) && store.viewRun(r).state === 'failed',
  );
  if (!run) throw new Error('The simulator seeded no failed run');
  return run;
}

describe('run actions against the simulator', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack();
  });

  afterAll(() => stack.close());

  it.each(['jwt', 'basic', 'mwaa-af3', 'mwaa-af2'] as StackEnvironmentName[])(
    '%s: retries the failed task instances of a failed run once, then marks and notes',
    async name => {
      const { sim, config } = stack.environmentConfigs()[name];
      const run = failedRun(sim);
      const { dagId, runId } = run;
      const backend = await startAirflowTestBackend({
        environments: [{ name, ...config }],
        entities: [boundComponent('quality', name, dagId)],
      });
      try {
        const base = `/api/airflow/entities/default/component/quality/environments/${name}/dags/${dagId}/runs/${encodeURIComponent(
          runId,
        )}`;
        const failedTasks = sim.state
          .taskInstances(run)
          .filter(ti => FAILED_STATES.includes(ti.state as string))
          .map(ti => ti.task.taskId);

        const preview = await request(backend.server)
          .post(`${base}/clear/preview`)
          .set(auth)
          .send({ onlyFailed: true });
        expect(preview.body.error).toBeUndefined();
        expect(
          preview.body.taskInstances.map((t: { taskId: string }) => t.taskId),
        ).toEqual(failedTasks);
        // The dry run changed nothing.
        expect(run.intervention).toBeUndefined();

        const body = { onlyFailed: true, requestId: `retry-${name}` };
        const cleared = await request(backend.server)
          .post(`${base}/clear`)
          .set(auth)
          .send(body);
        expect(cleared.body.error).toBeUndefined();
        expect(cleared.body.deduplicated).toBe(false);
        expect(Object.keys(run.intervention?.tasks ?? {})).toEqual(failedTasks);
        const callsAfterClear = actionCalls(sim);

        const retried = await request(backend.server)
          .post(`${base}/clear`)
          .set(auth)
          .send(body);
        expect(retried.body.deduplicated).toBe(true);
        // Answered from the audit trail: nothing was sent to Airflow again.
        expect(actionCalls(sim)).toBe(callsAfterClear);

        // Marking a run and noting a task have no body form: over MWAA they
        // work only while their path fits InvokeRestApi's Path.
        const runPath = `/dags/${dagId}/dagRuns/${encodeURIComponent(runId)}`;
        const fits = (path: string) =>
          !name.startsWith('mwaa') || path.length <= MWAA_LIMITS.maxPathLength;

        const marked = await request(backend.server)
          .post(`${base}/state`)
          .set(auth)
          .send({ state: 'success', requestId: `mark-${name}` });
        const tooLong = expect.stringContaining(
          'longer than the connection allows',
        );
        expect({
          status: marked.status,
          state: marked.body.run?.state,
          error: marked.body.error?.message,
        }).toEqual(
          fits(runPath)
            ? { status: 200, state: 'success', error: undefined }
            : { status: 422, state: undefined, error: tooLong },
        );
        // What the simulator was told: the run's state, set by hand, or nothing.
        expect(run.intervention?.runState?.state).toBe(
          fits(runPath) ? 'success' : undefined,
        );

        const task = failedTasks[0];
        const airflow2 = name === 'basic' || name === 'mwaa-af2';
        const notePath = `${runPath}/taskInstances/${task}${
          airflow2 ? '/setNote' : ''
        }`;
        const noted = await request(backend.server)
          .post(`${base}/tasks/${encodeURIComponent(task)}/note`)
          .set(auth)
          .send({ note: 'upstream fixed', requestId: `note-${name}` });
        expect(noted.status).toBe(fits(notePath) ? 200 : 422);
        expect(sim.state.findTaskInstance(dagId, runId, task)?.note).toBe(
          fits(notePath) ? 'upstream fixed' : undefined,
        );

        const audit = await request(backend.server)
          .get(`/api/airflow/audit?dagId=${dagId}`)
          .set(auth);
        expect(
          audit.body.items.map((r: { action: string; outcome: string }) => [
            r.action,
            r.outcome,
          ]),
        ).toEqual([
          ['task.note', fits(notePath) ? 'succeeded' : 'failed'],
          ['run.mark', fits(runPath) ? 'succeeded' : 'failed'],
          ['run.clear', 'deduplicated'],
          ['run.clear', 'succeeded'],
        ]);
        expect(audit.body.items[3]).toMatchObject({
          runId,
          taskIds: failedTasks,
          requestId: `retry-${name}`,
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
