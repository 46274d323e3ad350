import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '../transport/errors';
import {
  SHOP_REF,
  startActionsTestBackend,
  users,
} from './__testUtils__/actionsTestBackend';
import { PAUSE_DAG_ACTION, UNPAUSE_DAG_ACTION } from './pauseDagActions';

const checkout = {
  entityRef: SHOP_REF,
  environment: 'prod',
  dagId: 'checkout',
};

describe('pause-airflow-dag and unpause-airflow-dag', () => {
  it('pause and unpause the DAG for a user who may, each recorded', async () => {
    const backend = await startActionsTestBackend();
    const alice = mockCredentials.user(users.alice);

    const paused = await backend.invoke(PAUSE_DAG_ACTION, checkout, alice);
    expect(paused.output).toMatchObject({
      dag: { dagId: 'checkout', isPaused: true },
    });
    expect(backend.airflow.paused.get('checkout')).toBe(true);

    const unpaused = await backend.invoke(UNPAUSE_DAG_ACTION, checkout, alice);
    expect(unpaused.output).toMatchObject({ dag: { isPaused: false } });
    expect(backend.airflow.paused.get('checkout')).toBe(false);

    const records = await backend.auditRecords();
    expect(records.map(r => [r.action, r.outcome, r.actor]).sort()).toEqual([
      ['dag.pause', 'succeeded', users.alice],
      ['dag.unpause', 'succeeded', users.alice],
    ]);
  });

  it('refuses a user who may not pause, with a denied record', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(
        PAUSE_DAG_ACTION,
        checkout,
        mockCredentials.user(users.rita),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('airflow.dag.pause'),
    });

    expect(backend.airflow.paused.size).toBe(0);
    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        actor: users.rita,
        action: 'dag.pause',
        outcome: 'denied',
      }),
    ]);
  });

  it('answers an upstream failure with a failed record', async () => {
    const backend = await startActionsTestBackend();
    backend.airflow.failPaths.set(
      '/dags/checkout',
      new UpstreamError('Airflow answered 500', {
        environment: 'prod',
        kind: 'http',
        status: 500,
      }),
    );

    await expect(
      backend.invoke(
        UNPAUSE_DAG_ACTION,
        checkout,
        mockCredentials.user(users.alice),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('Airflow environment "prod" answered'),
    });

    expect(await backend.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'dag.unpause',
        outcome: 'failed',
        upstreamStatus: 500,
      }),
    ]);
  });

  it('refuses a service caller', async () => {
    const backend = await startActionsTestBackend();

    await expect(
      backend.invoke(PAUSE_DAG_ACTION, checkout, mockCredentials.service()),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });

    expect(backend.airflow.calls).toEqual([]);
    expect(await backend.auditRecords()).toEqual([]);
  });
});
