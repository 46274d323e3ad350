import {
  AirflowSimulator,
  MwaaFront,
  startAirflowSimulator,
  startMwaaFront,
  TEST_CREDENTIALS,
} from '@airflow-portal/airflow-simulator';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { createAirflowPlugin } from '../plugin';

/*
 * Trigger and pause/unpause through every transport: Airflow 3 with a JWT,
 * Airflow 2 with basic auth, and Airflow 3 and 2 behind the MWAA front. A
 * retried trigger starts no second run (the simulator counts real triggers).
 */
const auth = { Authorization: mockCredentials.user.header() };
const DAG_ID = 'data_quality_checks';

describe('actions against the simulator', () => {
  let af3: AirflowSimulator;
  let af2: AirflowSimulator;
  let front: MwaaFront;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    af3 = await startAirflowSimulator({ flavor: 'airflow3', port: 0 });
    af2 = await startAirflowSimulator({ flavor: 'airflow2', port: 0 });
    front = await startMwaaFront({
      port: 0,
      environments: {
        'mwaa-af3': { target: af3, airflowVersion: '3.0.6' },
        'mwaa-af2': { target: af2, airflowVersion: '2.10.3' },
      },
    });
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await front.close();
    await Promise.all([af3.close(), af2.close()]);
  });

  const environments = () => ({
    jwt: {
      sim: af3,
      config: {
        apiVersion: 'auto',
        baseUrl: af3.url,
        auth: { type: 'jwt', username: 'admin', password: 'admin' },
      },
    },
    basic: {
      sim: af2,
      config: {
        apiVersion: 'auto',
        baseUrl: af2.url,
        auth: { type: 'basic', username: 'admin', password: 'admin' },
      },
    },
    'mwaa-af3': {
      sim: af3,
      config: {
        apiVersion: 'auto',
        mwaa: {
          environmentName: 'mwaa-af3',
          region: 'us-east-1',
          endpoint: front.url,
        },
      },
    },
    'mwaa-af2': {
      sim: af2,
      config: {
        apiVersion: 'auto',
        mwaa: {
          environmentName: 'mwaa-af2',
          region: 'us-east-1',
          endpoint: front.url,
        },
      },
    },
  });

  it.each(['jwt', 'basic', 'mwaa-af3', 'mwaa-af2'] as const)(
    '%s: triggers once for a retried request, pauses and unpauses',
    async name => {
      const { sim, config } = environments()[name];
      const backend = await startTestBackend({
        features: [
          createAirflowPlugin(),
          mockServices.rootConfig.factory({
            data: { airflow: { environments: [{ name, ...config }] } },
          }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'quality',
                  namespace: 'default',
                  annotations: {
                    'airflow.apache.org/environment': name,
                    'airflow.apache.org/dag-ids': DAG_ID,
                  },
                },
                spec: { owner: 'team-a' },
              },
            ],
          }),
        ],
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
            ['dag.trigger', 'succeeded'],
            ['dag.trigger', 'succeeded'],
          ],
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
