import type { AirflowDag } from '@airflow-portal/plugin-airflow-common';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { boundComponent } from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { DagResources } from './DagResources';

const prod = { ...testEnvironment('prod'), tags: ['staging'] };
const payments: AirflowDag = {
  environment: 'prod',
  dagId: 'payments_reconcile',
  displayName: 'payments_reconcile',
  isPaused: false,
  isActive: true,
  owners: ['team-payments'],
  tags: ['payments'],
  hasImportErrors: false,
};

// team-a's entity, annotated with the payments DAG: the forged annotation.
const forged = boundComponent('orders', 'prod', 'payments_reconcile', 'team-a');
const elsewhere = boundComponent(
  'other',
  'dev',
  'payments_reconcile',
  'team-a',
);

function resources(trustAnnotations: boolean) {
  return new DagResources({
    environments: {
      find: name => (name === 'prod' ? { config: prod } : undefined),
    },
    dags: {
      getDagFacts: async (_env, dagId) =>
        dagId === payments.dagId ? payments : undefined,
    },
    trustedAnnotations: trustAnnotations
      ? {
          catalog: catalogServiceMock({ entities: [forged, elsewhere] }),
          auth: mockServices.auth(),
        }
      : undefined,
  });
}

const ref = (via?: string) => ({
  environment: 'prod',
  dagId: 'payments_reconcile',
  via,
});

describe('DagResources', () => {
  it('describes a DAG by config and Airflow metadata only', async () => {
    expect(
      await resources(false).load(ref('component:default/orders')),
    ).toEqual({
      environment: 'prod',
      environmentTags: ['staging'],
      production: false,
      dagId: 'payments_reconcile',
      owners: ['team-payments'],
      tags: ['payments'],
      ownerRefs: ['group:default/team-payments'],
    });
  });

  it('adds the owners of a binding entity only where annotations are trusted', async () => {
    const trusted = await resources(true).load(ref('component:default/orders'));
    expect(trusted?.ownerRefs).toEqual([
      'group:default/team-payments',
      'group:default/team-a',
    ]);
    // An entity that does not bind the DAG in this environment adds nothing.
    const notBinding = await resources(true).load(
      ref('component:default/other'),
    );
    expect(notBinding?.ownerRefs).toEqual(['group:default/team-payments']);
  });

  it('has no resource for an unknown environment or DAG, or a malformed ref', async () => {
    expect(
      await resources(false).loadRefs([
        'dev:payments_reconcile',
        'prod:ghost',
        'not a ref',
        'prod:payments_reconcile@component:default/orders',
      ]),
    ).toEqual([
      undefined,
      undefined,
      undefined,
      expect.objectContaining({ dagId: 'payments_reconcile' }),
    ]);
  });
});
