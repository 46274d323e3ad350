import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  type SimulatorStack,
  startSimulatorStack,
} from '../__testUtils__/simulatorStack';
import {
  boundComponent,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

/*
 * Amazon MWAA's InvokeRestApi takes a Path of at most 64 characters. Run ids
 * such as `scheduled__2026-11-22T07:00:00+00:00` push the per-run paths far
 * over it, so collections are read through the batch endpoints; a task log,
 * which has no batch form, fails with a clear 422.
 */
const auth = { Authorization: mockCredentials.user.header() };
const DAG_ID = 'data_quality_checks';

describe('reading through MWAA with long run ids', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack();
  });

  afterAll(() => stack.close());

  it.each(['mwaa-af3', 'mwaa-af2'] as const)(
    '%s: lists task instances of a run and explains an over-long log path',
    async environment => {
      const backend = await startAirflowTestBackend({
        environments: [
          {
            name: environment,
            ...stack.environmentConfigs()[environment].config,
          },
        ],
        entities: [boundComponent('quality', environment, DAG_ID)],
      });
      try {
        const base = `/api/airflow/entities/default/component/quality/environments/${environment}/dags/${DAG_ID}`;
        const runs = await request(backend.server)
          .get(`${base}/runs`)
          .set(auth);
        expect(runs.status).toBe(200);
        const run = runs.body.items.find((r: { runId: string }) =>
          r.runId.startsWith('scheduled__'),
        );
        expect(run).toBeDefined();
        const runSegment = encodeURIComponent(run.runId);
        // What a GET of the run's task instances would have needed.
        expect(
          `/dags/${DAG_ID}/dagRuns/${runSegment}/taskInstances`.length,
        ).toBeGreaterThan(64);

        const tasks = await request(backend.server)
          .get(`${base}/runs/${runSegment}/tasks`)
          .set(auth);
        expect(tasks.status).toBe(200);
        expect(tasks.body.items.length).toBeGreaterThan(0);
        expect(tasks.body.items[0]).toMatchObject({
          dagId: DAG_ID,
          runId: run.runId,
        });

        const task = tasks.body.items.find(
          (t: { tryNumber: number }) => t.tryNumber > 0,
        );
        const log = await request(backend.server)
          .get(
            `${base}/runs/${runSegment}/tasks/${task.taskId}/logs/${task.tryNumber}`,
          )
          .set(auth);
        expect(log.status).toBe(422);
        expect(log.body.error).toMatchObject({
          name: 'UpstreamError',
          environment,
          message: expect.stringContaining('has no other form of this call'),
          detail: expect.stringContaining('at most 64 characters'),
        });

        const details = await request(backend.server)
          .get(`${base}/details`)
          .set(auth);
        expect(details.status).toBe(200);
        expect(details.body.dagId).toBe(DAG_ID);
      } finally {
        await backend.stop();
      }
    },
  );
});
