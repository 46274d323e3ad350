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
 * The grid, the event log and DAG versions through Amazon MWAA, whose
 * InvokeRestApi takes a Path of at most 64 characters: the grid's task
 * instances of ten runs (ids of ~40 characters each) are one batch call
 * with the ids in the body, the event log a short path with the DAG id in
 * the query.
 */
const auth = { Authorization: mockCredentials.user.header() };
/** The simulator's event log starts with changes made in Airflow to this DAG. */
const DAG_ID = 'orders_daily_load';
/** Airflow 3 versions DAGs; Airflow 2 does not, and says so. */
const EXPECTED_VERSIONS = {
  'mwaa-af3': {
    supported: true,
    items: [expect.objectContaining({ versionNumber: 1 })],
  },
  'mwaa-af2': {
    supported: false,
    reason: expect.stringContaining('not supported by Airflow 2'),
  },
};

describe('the new reads through MWAA', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack();
  });

  afterAll(() => stack.close());

  it.each(['mwaa-af3', 'mwaa-af2'] as const)(
    '%s: the grid in two upstream calls, the event log and DAG versions',
    async environment => {
      const backend = await startAirflowTestBackend({
        environments: [
          {
            name: environment,
            ...stack.environmentConfigs()[environment].config,
          },
        ],
        entities: [boundComponent('orders', environment, DAG_ID)],
      });
      try {
        const base = `/api/airflow/entities/default/component/orders/environments/${environment}/dags/${DAG_ID}`;
        stack.front.resetStats();
        const grid = await request(backend.server)
          .get(`${base}/grid`)
          .query({ limit: 10 })
          .set(auth);
        expect(grid.status).toBe(200);
        expect(grid.body.runs.length).toBeGreaterThan(0);
        const runIds = new Set(
          grid.body.runs.map((r: { runId: string }) => r.runId),
        );
        expect(grid.body.taskInstances.length).toBeGreaterThan(0);
        for (const ti of grid.body.taskInstances) {
          expect(runIds.has(ti.runId)).toBe(true);
        }
        // One runs list and one batch of task instances, whatever the run ids.
        const calls = Object.entries(stack.front.stats().invocations).map(
          ([key, count]) => [key.slice(key.indexOf(' ') + 1), count],
        );
        expect(calls.sort()).toEqual([
          ['POST /dags/~/dagRuns/list', 1],
          ['POST /dags/~/dagRuns/~/taskInstances/list', 1],
        ]);

        const events = await request(backend.server)
          .get(`${base}/event-log`)
          .set(auth);
        expect(events.status).toBe(200);
        expect(events.body.totalEntries).toBeGreaterThan(0);
        expect(
          events.body.items.every(
            (e: { dagId?: string }) => e.dagId === DAG_ID,
          ),
        ).toBe(true);
        expect(events.body.items[0].owner).toBeDefined();

        const versions = await request(backend.server)
          .get(`${base}/versions`)
          .set(auth);
        expect(versions.status).toBe(200);
        expect(versions.body).toMatchObject(EXPECTED_VERSIONS[environment]);
      } finally {
        await backend.stop();
      }
    },
  );
});
