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
 * Trigger and pause/unpause through every transport: Airflow 3 with a JWT,
 * Airflow 2 with basic auth, and Airflow 3 and 2 behind the MWAA front. A
 * retried trigger starts no second run (the simulator counts real triggers).
 */
const auth = { Authorization: mockCredentials.user.header() };
const DAG_ID = 'data_quality_checks';

describe('actions against the simulator', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack();
  });

  afterAll(() => stack.close());

  it.each(['jwt', 'basic', 'mwaa-af3', 'mwaa-af2'] as const)(
    '%s: triggers once for a retried request, pauses and unpauses',
    async name => {
      const { sim, config } = stack.environmentConfigs()[name];
      const backend = await startAirflowTestBackend({
        environments: [{ name, ...config }],
        entities: [boundComponent('quality', name, DAG_ID)],
      });
      try {
        const base = `/api/airflow/entities/default/component/quality/environments/${name}/dags/${DAG_ID}`;
        const entityDag = async () =>
          (
            await request(backend.server)
              .get('/api/airflow/entities/default/component/quality/dags')
              .set(auth)
          ).body.environments[0].dags[0];
        // Cached now; the trigger must make the next read show its run.
        expect((await entityDag()).dagId).toBe(DAG_ID);
        const status = await request(backend.server)
          .get(`/api/airflow/environments/${name}`)
          .set(auth);
        expect(status.body.error).toBeUndefined();
        expect(status.body.runCounts24h).toEqual({
          failed: expect.any(Number),
          running: expect.any(Number),
        });
        const before = sim.stats().triggeredRuns[DAG_ID] ?? 0;
        const body = {
          requestId: `retry-${name}`,
          conf: { day: '2026-01-01' },
        };
        const first = await request(backend.server)
          .post(`${base}/runs`)
          .set(auth)
          .send(body);
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({ dagId: DAG_ID, environment: name });
        const retried = await request(backend.server)
          .post(`${base}/runs`)
          .set(auth)
          .send(body);
        expect(retried.status).toBe(200);
        expect(retried.body.runId).toBe(first.body.runId);
        expect(sim.stats().triggeredRuns[DAG_ID]).toBe(before + 1);
        expect(
          (await entityDag()).latestRuns.map((r: any) => r.runId),
        ).toContain(first.body.runId);

        const paused = await request(backend.server)
          .patch(base)
          .set(auth)
          .send({ isPaused: true });
        expect(paused.status).toBe(200);
        expect(paused.body.isPaused).toBe(true);
        expect((await entityDag()).isPaused).toBe(true);
        const resumed = await request(backend.server)
          .patch(base)
          .set(auth)
          .send({ isPaused: false });
        expect(resumed.status).toBe(200);
        expect(resumed.body.isPaused).toBe(false);

        const unknown = await request(backend.server)
          .post(
            `/api/airflow/entities/default/component/quality/environments/${name}/dags/not_bound/runs`,
          )
          .set(auth)
          .send({ requestId: 'x' });
        expect(unknown.status).toBe(404);

        const trail = await request(backend.server)
          .get('/api/airflow/audit')
          .set(auth);
        expect(trail.body.items.map((r: any) => [r.action, r.outcome])).toEqual(
          [
            ['dag.trigger', 'failed'],
            ['dag.unpause', 'succeeded'],
            ['dag.pause', 'succeeded'],
            ['dag.trigger', 'deduplicated'],
            ['dag.trigger', 'succeeded'],
          ],
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
