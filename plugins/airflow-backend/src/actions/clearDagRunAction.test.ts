import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '../transport/errors';
import {
  SEEDED_RUN_ID,
  SHOP_REF,
  startActionsTestBackend,
  users,
} from './__testUtils__/actionsTestBackend';
import { CLEAR_DAG_RUN_ACTION } from './clearDagRunAction';

const clear = (input: Record<string, unknown> = {}) => ({
  entityRef: SHOP_REF,
  environment: 'prod',
  dagId: 'checkout',
  runId: SEEDED_RUN_ID,
  requestId: 'retry-1',
  ...input,
});

describe('clear-airflow-dag-run', () => {
  it('clears the tasks of a run once per requestId, recorded with what Airflow cleared', async () => {
    const backend = await startActionsTestBackend();
    const alice = mockCredentials.user(users.alice);

    const first = await backend.invoke(
      CLEAR_DAG_RUN_ACTION,
      clear({ taskIds: ['load'] }),
      alice,
    );
    const again = await backend.invoke(
      CLEAR_DAG_RUN_ACTION,
      clear({ taskIds: ['load'] }),
      alice,
    );

    expect(first.output).toMatchObject({
      environment: 'prod',
      dagId: 'checkout',
      runId: SEEDED_RUN_ID,
      taskInstances: [{ taskId: 'load', runId: SEEDED_RUN_ID }],
      deduplicated: false,
    });
    expect(again.output).toMatchObject({ deduplicated: true });
    const clears = backend.airflow.calls.filter(
      c => c.method === 'POST' && c.path.endsWith('/clearTaskInstances'),
    );
    expect(clears).toHaveLength(1);

    const records = await backend.auditRecords();
    expect(records.map(r => r.outcome).sort()).toEqual([
      'deduplicated',
      'succeeded',
    ]);
    expect(records[0]).toMatchObject({
      actor: users.alice,
      action: 'task.clear',
      runId: SEEDED_RUN_ID,
      taskIds: ['load'],
      requestId: 'retry-1',
    });
  });

  it('refuses a user who may not clear, with a denied record', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        CLEAR_DAG_RUN_ACTION,
        clear(),
        mockCredentials.user(users.rita),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('airflow.dag.clear'),
    });

    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        actor: users.rita,
        action: 'run.clear',
        outcome: 'denied',
      }),
    ]);
  });

  it('answers an upstream failure with a failed record', async () => {
    const backend = await startActionsTestBackend();
    backend.airflow.failPaths.set(
      `/dags/checkout/dagRuns/${encodeURIComponent(SEEDED_RUN_ID)}/clear`,
      new UpstreamError('Airflow answered 500', {
        environment: 'prod',
        kind: 'http',
        status: 500,
      }),
    );

    await expect(
      backend.invoke(
        CLEAR_DAG_RUN_ACTION,
        clear(),
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('Airflow environment "prod" answered'),
    });

    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'run.clear',
        outcome: 'failed',
        upstreamStatus: 500,
      }),
    ]);
  });

  it('refuses a service caller', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(CLEAR_DAG_RUN_ACTION, clear(), mockCredentials.service()),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });

    expect(backend.airflow.calls).toEqual([]);
    expect(await backend.auditRecords()).toEqual([]);
  });
});
