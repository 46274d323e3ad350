import type { AirflowAuditRecord } from '@airflow-portal/plugin-airflow-common';
import { mockServices } from '@backstage/backend-test-utils';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { reconcileUnknownTriggers } from './reconcileUnknown';
import type { AuditCompletion, AuditStore } from '../audit/types';

const unknownTrigger = (id: string, runId: string): AirflowAuditRecord => ({
  id,
  createdAt: '2026-11-29T10:00:00.000Z',
  actor: 'user:default/alice',
  action: 'dag.trigger',
  environment: 'prod',
  dagId: 'checkout',
  entityRef: 'component:default/shop',
  outcome: 'unknown',
  runId,
});

describe('reconcileUnknownTriggers', () => {
  it('resolves a timed-out trigger by reading its run: found, or not started', async () => {
    const prod = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 0 },
    ]);
    // The trigger reached Airflow although the portal stopped waiting.
    await prod.request('v2', {
      method: 'POST',
      path: '/dags/checkout/dagRuns',
      body: { dag_run_id: 'portal__started' },
      idempotent: false,
    });
    const resolved: Array<[string, AuditCompletion]> = [];
    let askedBefore: Date | undefined;
    const store: Pick<AuditStore, 'listUnknownTriggers' | 'resolveUnknown'> = {
      listUnknownTriggers: async before => {
        askedBefore = before;
        return [
          unknownTrigger('a', 'portal__started'),
          unknownTrigger('b', 'portal__never'),
        ];
      },
      resolveUnknown: async (id, completion) => {
        resolved.push([id, completion]);
        return true;
      },
    };
    const count = await reconcileUnknownTriggers({
      store: store as AuditStore,
      environments: new EnvironmentRegistry(
        [testEnvironment('prod')],
        () => prod,
      ),
      logger: mockServices.logger.mock(),
      now: () => new Date('2026-11-29T10:05:00.000Z'),
    });
    expect(count).toBe(2);
    // Airflow is given a minute to create a run before anyone asks.
    expect(askedBefore).toEqual(new Date('2026-11-29T10:04:00.000Z'));
    expect(resolved).toEqual([
      [
        'a',
        { outcome: 'succeeded', upstreamStatus: 200, runId: 'portal__started' },
      ],
      [
        'b',
        expect.objectContaining({
          outcome: 'failed',
          upstreamStatus: 404,
          runId: 'portal__never',
        }),
      ],
    ]);
  });
});
