import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { REDACTED } from '../redaction/redact';
import { InMemoryCache } from './__testUtils__/InMemoryCache';
import { AirflowService } from './AirflowService';

const credentials = mockCredentials.user();

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team-a', type: 'service', lifecycle: 'production' },
  };
}

const shop = component('shop', {
  'airflow.apache.org/environment': 'prod',
  'airflow.apache.org/dag-ids': 'checkout, ledger_export',
});

function setup(transport: FakeAirflowTransport, entities: Entity[] = [shop]) {
  const service = new AirflowService({
    environments: new EnvironmentRegistry(
      [testEnvironment(transport.environment)],
      () => transport,
    ),
    cache: new InMemoryCache(),
    catalog: catalogServiceMock({ entities }),
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
  });
  return service;
}

const shopRef = { namespace: 'default', kind: 'component', name: 'shop' };
const dagRef = (dagId: string) => ({
  entity: shopRef,
  environment: 'prod',
  dagId,
});

describe('AirflowService reads', () => {
  it('reads the grid with the runs page and one batch of task instances, cached', async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 4 },
    ]);
    transport.taskIds = ['extract', 'load'];
    const service = setup(transport);

    const grid = await service.getDagGrid(dagRef('checkout'), 3, credentials);
    expect(grid.runs).toHaveLength(3);
    expect(grid.taskInstances).toHaveLength(6);
    expect(grid.taskInstancesPartial).toBeUndefined();
    const upstream = transport.calls.map(c => `${c.method} ${c.path}`);
    expect(upstream).toEqual([
      'POST /dags/~/dagRuns/list',
      'POST /dags/~/dagRuns/~/taskInstances/list',
    ]);
    expect(transport.calls[1].body).toMatchObject({
      dag_run_ids: grid.runs.map(run => run.runId),
    });

    await service.getDagGrid(dagRef('checkout'), 3, credentials);
    expect(transport.calls).toHaveLength(2);
  });

  it('refuses the grid of a DAG the entity does not bind, before any upstream call', async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'other', tags: [], runs: 1 },
    ]);
    const service = setup(transport);
    await expect(
      service.getDagGrid(dagRef('other'), 3, credentials),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(transport.calls).toEqual([]);
  });

  it("redacts the event log's extra before it leaves the backend (and before it is cached)", async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 1 },
    ]);
    transport.eventLogs = [
      {
        event_log_id: 2,
        when: '2025-01-01T00:00:00Z',
        dag_id: 'checkout',
        event: 'trigger_dag_run',
        owner: 'admin',
        extra: JSON.stringify({
          conf: { db_password: 'hunter2', region: 'eu' },
        }),
      },
      {
        event_log_id: 1,
        when: '2024-12-31T00:00:00Z',
        dag_id: 'checkout',
        event: 'cli_dag_trigger',
        owner: 'ops',
        extra: 'airflow dags trigger checkout --password hunter2',
      },
      {
        event_log_id: 3,
        when: '2024-12-31T00:00:00Z',
        dag_id: 'another',
        event: 'patch_dag',
        owner: 'ops',
        extra: null,
      },
    ];
    const service = setup(transport);
    const page = await service.listEventLog(
      dagRef('checkout'),
      { limit: 25, offset: 0 },
      credentials,
    );
    expect(page.items.map(e => e.id)).toEqual([2, 1]);
    expect(JSON.parse(page.items[0].extra!)).toEqual({
      conf: { db_password: REDACTED, region: 'eu' },
    });
    expect(page.items[1].extra).not.toContain('hunter2');
    expect(JSON.stringify(page)).not.toContain('hunter2');
  });

  it('lists a DAG bound by id that Airflow does not list as missing, with the import errors of its file', async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 1 },
    ]);
    transport.importErrors = [
      { filename: 'dags/finance/ledger_export.py', stack_trace: 'SyntaxError' },
      { filename: 'dags/other.py', stack_trace: 'ImportError' },
    ];
    const service = setup(transport);
    const { environments } = await service.getEntityDags(shopRef, credentials);
    expect(environments[0].dags.map(d => d.dagId)).toEqual(['checkout']);
    expect(environments[0].missingDags).toEqual([
      {
        dagId: 'ledger_export',
        environment: 'prod',
        boundEntityRefs: ['component:default/shop'],
        importErrors: [
          expect.objectContaining({
            filename: 'dags/finance/ledger_export.py',
            stackTrace: 'SyntaxError',
          }),
        ],
      },
    ]);
  });

  it('counts the missing DAGs of every catalog entity on the environment status', async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 1 },
    ]);
    const other = component('billing', {
      'airflow.apache.org/environment': 'prod, staging',
      'airflow.apache.org/dag-ids': 'checkout, invoices, ledger_export',
    });
    const service = setup(transport, [shop, other]);
    const status = await service.getEnvironment('prod');
    // ledger_export and invoices; an id bound twice counts once.
    expect(status.missingDagCount).toBe(2);
  });

  it('reads the DAG versions of an Airflow 3 environment', async () => {
    const transport = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 1 },
    ]);
    const service = setup(transport);
    const versions = await service.listDagVersions(
      dagRef('checkout'),
      { limit: 1, offset: 0 },
      credentials,
    );
    // Airflow 2 answers `supported: false` (see api/readsAdapters.test.ts).
    expect(versions).toMatchObject({ supported: true, totalEntries: 1 });
  });
});
