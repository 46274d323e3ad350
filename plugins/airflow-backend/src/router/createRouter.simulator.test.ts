import { startAirflowSimulator } from '@airflow-portal/airflow-simulator';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  boundComponent,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

const auth = { Authorization: mockCredentials.user.header() };

describe.each([
  ['airflow3', { type: 'jwt' }],
  ['airflow2', { type: 'basic' }],
] as const)('against the simulated %s', (flavor, authType) => {
  it('serves the overview and an entity with runs, tasks and logs', async () => {
    const sim = await startAirflowSimulator({ flavor, port: 0 });
    // A DAG with history, so runs, tasks and logs exist.
    const dagId = sim.state
      .dagList()
      .find(d => sim.state.runsOf(d.dagId).length > 0)!.dagId;
    const backend = await startAirflowTestBackend({
      environments: [
        {
          name: 'sim',
          apiVersion: 'auto',
          // The simulator listens on loopback over plain HTTP.
          allowInsecureHttp: true,
          baseUrl: sim.url,
          auth: { ...authType, username: 'admin', password: 'admin' },
        },
      ],
      entities: [boundComponent('shop', 'sim', dagId)],
    });
    try {
      const overview = await request(backend.server)
        .get('/api/airflow/environments')
        .set(auth);
      expect(overview.body.environments[0]).toMatchObject({
        name: 'sim',
        apiVersion: flavor === 'airflow3' ? 'v2' : 'v1',
      });
      expect(overview.body.environments[0].status).not.toBe('unreachable');
      expect(overview.body.environments[0].error).toBeUndefined();
      expect(overview.body.environments[0].runCounts24h).toEqual({
        failed: expect.any(Number),
        running: expect.any(Number),
      });

      const dags = await request(backend.server)
        .get('/api/airflow/entities/default/component/shop/dags')
        .set(auth);
      expect(dags.status).toBe(200);
      const dag = dags.body.environments[0].dags[0];
      expect(dag.dagId).toBe(dagId);

      const base = `/api/airflow/entities/default/component/shop/environments/sim/dags/${dagId}`;
      const runs = await request(backend.server).get(`${base}/runs`).set(auth);
      expect(runs.status).toBe(200);
      expect(runs.body.items.length).toBeGreaterThan(0);
      const runId = encodeURIComponent(runs.body.items[0].runId);
      const tasks = await request(backend.server)
        .get(`${base}/runs/${runId}/tasks`)
        .set(auth);
      expect(tasks.status).toBe(200);
      const task = tasks.body.items.find(
        (t: { tryNumber: number }) => t.tryNumber > 0,
      );
      expect(task).toBeDefined();
      const log = await request(backend.server)
        .get(
          `${base}/runs/${runId}/tasks/${task.taskId}/logs/${task.tryNumber}`,
        )
        .set(auth);
      expect(log.status).toBe(200);
      expect(Array.isArray(log.body.lines)).toBe(true);
    } finally {
      await backend.stop();
      await sim.close();
    }
  });
});
