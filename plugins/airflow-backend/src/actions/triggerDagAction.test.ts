import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '../transport/errors';
import {
  SHOP_REF,
  startActionsTestBackend,
  users,
} from './__testUtils__/actionsTestBackend';
import { TRIGGER_DAG_ACTION } from './triggerDagAction';

const trigger = (input: Record<string, unknown> = {}) => ({
  entityRef: SHOP_REF,
  environment: 'prod',
  dagId: 'checkout',
  requestId: 'assistant-1',
  ...input,
});

describe('trigger-airflow-dag', () => {
  it('starts one run per requestId for a user who may, and records it as theirs', async () => {
    const backend = await startActionsTestBackend();
    const alice = mockCredentials.user(users.alice);
    const conf = { region: 'eu', db: { password: 'hunter2' } };

    const first = await backend.invoke(
      TRIGGER_DAG_ACTION,
      trigger({ conf }),
      alice,
    );
    const again = await backend.invoke(
      TRIGGER_DAG_ACTION,
      trigger({ conf }),
      alice,
    );

    const { run } = first.output as { run: { runId: string; conf: unknown } };
    expect(first.output).toMatchObject({
      environment: 'prod',
      dagId: 'checkout',
      run: { state: 'queued' },
    });
    // The answer leaves the portal: the conf's secrets are redacted.
    expect(run.conf).toEqual({ region: 'eu', db: { password: '[REDACTED]' } });
    expect(again.output).toMatchObject({ run: { runId: run.runId } });
    expect(backend.airflow.triggered).toBe(1);
    // Airflow got the conf as sent.
    const post = backend.airflow.calls.find(c => c.method === 'POST');
    expect((post?.body as { conf: unknown }).conf).toEqual(conf);

    const records = await backend.auditRecords();
    expect(records.map(r => r.outcome).sort()).toEqual([
      'deduplicated',
      'succeeded',
    ]);
    expect(records[0]).toMatchObject({
      actor: users.alice,
      action: 'dag.trigger',
      environment: 'prod',
      dagId: 'checkout',
      entityRef: SHOP_REF,
      runId: run.runId,
      requestId: 'assistant-1',
    });
  });

  it('refuses a user who may not trigger, with a denied record and no call to Airflow', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        TRIGGER_DAG_ACTION,
        trigger(),
        mockCredentials.user(users.rita),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('airflow.dag.trigger'),
    });

    expect(backend.airflow.triggered).toBe(0);
    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        actor: users.rita,
        action: 'dag.trigger',
        outcome: 'denied',
        dagId: 'checkout',
      }),
    ]);
  });

  it('answers an upstream failure as it came, with a failed record', async () => {
    const backend = await startActionsTestBackend();
    backend.airflow.failPaths.set(
      '/dags/checkout/dagRuns',
      new UpstreamError('Airflow answered 503', {
        environment: 'prod',
        kind: 'http',
        status: 503,
        detail: 'scheduler unavailable',
      }),
    );

    await expect(
      backend.invoke(
        TRIGGER_DAG_ACTION,
        trigger(),
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('Airflow environment "prod" answered'),
    });

    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        actor: users.alice,
        outcome: 'failed',
        upstreamStatus: 503,
      }),
    ]);
  });

  it('refuses a service caller before anything is read or recorded', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        TRIGGER_DAG_ACTION,
        trigger(),
        mockCredentials.service('external:nightly-job'),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('acts for a signed-in user'),
    });

    expect(backend.airflow.calls).toEqual([]);
    // The operations record users' attempts; a service has no user to record.
    expect(await backend.auditRecords()).toEqual([]);
  });

  it('records a trigger in an environment the portal does not know as rejected', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        TRIGGER_DAG_ACTION,
        trigger({ environment: 'staging' }),
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });

    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        environment: 'staging',
        entityRef: SHOP_REF,
      }),
    ]);
  });
});
