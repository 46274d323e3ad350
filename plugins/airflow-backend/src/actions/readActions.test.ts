import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '../transport/errors';
import {
  SEEDED_RUN_ID,
  SHOP_REF,
  startActionsTestBackend,
  users,
} from './__testUtils__/actionsTestBackend';
import { GET_DAG_RUNS_ACTION } from './getDagRunsAction';
import { GET_TASK_LOG_ACTION } from './getTaskLogAction';
import { LIST_DAGS_ACTION } from './listDagsAction';

const checkout = {
  entityRef: SHOP_REF,
  environment: 'prod',
  dagId: 'checkout',
};

const upstream503 = () =>
  new UpstreamError('Airflow answered 503', {
    environment: 'prod',
    kind: 'http',
    status: 503,
  });

describe('list-airflow-dags', () => {
  it("answers the entity's DAGs with their latest runs to a reader", async () => {
    const backend = await startActionsTestBackend();

    const { output } = await backend.invoke(
      LIST_DAGS_ACTION,
      // The kind defaults to component, the namespace to default.
      { entityRef: 'shop' },
      mockCredentials.user(users.rita),
    );

    expect(output).toMatchObject({
      entityRef: SHOP_REF,
      environments: [
        {
          environment: 'prod',
          dags: [
            {
              dagId: 'checkout',
              isPaused: false,
              latestRuns: expect.arrayContaining([
                expect.objectContaining({ runId: SEEDED_RUN_ID }),
              ]),
            },
          ],
        },
      ],
    });
  });

  it('refuses a user who may not read the entity’s DAGs, without asking Airflow', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        LIST_DAGS_ACTION,
        { entityRef: SHOP_REF },
        mockCredentials.user(users.mallory),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('airflow.dag.read'),
    });
    expect(backend.airflow.calls).toEqual([]);
  });

  it('answers an environment that fails with its error, as the entity tab does', async () => {
    const backend = await startActionsTestBackend();
    backend.airflow.failWith = upstream503();

    const { output } = await backend.invoke(
      LIST_DAGS_ACTION,
      { entityRef: SHOP_REF },
      mockCredentials.user(users.alice),
    );

    expect(output).toMatchObject({
      environments: [
        { environment: 'prod', dags: [], error: expect.any(String) },
      ],
    });
  });

  it('refuses a service caller', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        LIST_DAGS_ACTION,
        { entityRef: SHOP_REF },
        mockCredentials.service(),
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(backend.airflow.calls).toEqual([]);
  });
});

describe('get-airflow-dag-runs', () => {
  it('answers a page of runs, newest first', async () => {
    const backend = await startActionsTestBackend();

    const { output } = await backend.invoke(
      GET_DAG_RUNS_ACTION,
      { ...checkout, limit: 1 },
      mockCredentials.user(users.rita),
    );

    expect(output).toEqual({
      runs: [
        expect.objectContaining({ runId: SEEDED_RUN_ID, state: 'success' }),
      ],
      totalEntries: 2,
      offset: 0,
      limit: 1,
    });
  });

  it('answers 404 for a DAG the entity does not bind, without asking Airflow about it', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        GET_DAG_RUNS_ACTION,
        { ...checkout, dagId: 'payroll' },
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(
      backend.airflow.calls.filter(c => c.path.includes('payroll')),
    ).toEqual([]);
  });

  it('refuses a user who may not read', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        GET_DAG_RUNS_ACTION,
        checkout,
        mockCredentials.user(users.mallory),
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('answers an upstream failure as it came', async () => {
    const backend = await startActionsTestBackend();
    // Bound by id: the binding check asks Airflow nothing, the read fails.
    backend.airflow.failWith = upstream503();

    await expect(
      backend.invoke(
        GET_DAG_RUNS_ACTION,
        checkout,
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('Airflow environment "prod" answered'),
    });
  });

  it('refuses a service caller', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(GET_DAG_RUNS_ACTION, checkout, mockCredentials.service()),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});

describe('get-airflow-task-log', () => {
  const log = { ...checkout, runId: SEEDED_RUN_ID, taskId: 'load' };

  it('answers a chunk of the log', async () => {
    const backend = await startActionsTestBackend();

    const { output } = await backend.invoke(
      GET_TASK_LOG_ACTION,
      log,
      mockCredentials.user(users.rita),
    );

    expect(output).toEqual({
      lines: [expect.objectContaining({ message: 'done' })],
      endOfLog: true,
    });
  });

  it('refuses a user who may not read logs, without asking Airflow for the log', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        GET_TASK_LOG_ACTION,
        log,
        mockCredentials.user(users.mallory),
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(
      backend.airflow.calls.filter(c => c.path.includes('/logs/')),
    ).toEqual([]);
  });

  it('answers an upstream failure as it came', async () => {
    const backend = await startActionsTestBackend();
    backend.airflow.failPaths.set(
      `/dags/checkout/dagRuns/${encodeURIComponent(
        SEEDED_RUN_ID,
      )}/taskInstances/load/logs/1`,
      upstream503(),
    );

    await expect(
      backend.invoke(
        GET_TASK_LOG_ACTION,
        log,
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('Airflow environment "prod" answered'),
    });
  });

  it('refuses a service caller', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(GET_TASK_LOG_ACTION, log, mockCredentials.service()),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});
