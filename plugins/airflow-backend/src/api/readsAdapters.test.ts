import { UpstreamError } from '../transport/errors';
import { StubTransport } from './__testUtils__/StubTransport';
import { V1Adapter } from './V1Adapter';
import { V2Adapter } from './V2Adapter';

const context = { environment: 'prod' };

const v2EventLog = {
  event_log_id: 12,
  when: '2025-03-01T10:00:00Z',
  dag_id: 'sales_daily',
  task_id: null,
  run_id: 'manual__1',
  map_index: null,
  try_number: null,
  event: 'trigger_dag_run',
  logical_date: null,
  owner: 'admin',
  extra: '{"conf": {}}',
  dag_display_name: 'sales_daily',
  task_display_name: null,
};

const v1EventLog = {
  event_log_id: 3,
  when: '2025-03-01T10:00:00+00:00',
  dag_id: 'sales_daily',
  task_id: 'load',
  run_id: 'scheduled__1',
  map_index: -1,
  try_number: 2,
  event: 'api.patch_dag',
  execution_date: '2025-03-01T06:00:00+00:00',
  owner: 'ops',
  extra: null,
};

const v2Version = {
  id: '0195d2a4-0000-7000-8000-000000000001',
  version_number: 4,
  dag_id: 'sales_daily',
  bundle_name: 'dags-folder',
  bundle_version: 'abc123',
  created_at: '2025-02-28T09:00:00Z',
  dag_display_name: 'sales_daily',
  bundle_url: null,
};

describe.each([
  ['v1', (t: StubTransport) => new V1Adapter(t, context)],
  ['v2', (t: StubTransport) => new V2Adapter(t, context)],
])('%s reads of the grid and the event log', (version, create) => {
  it('reads the task instances of many runs in one batch call, ids in the body', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/~/taskInstances/list': {
        task_instances: [
          {
            task_id: 'load',
            dag_id: 'sales_daily',
            dag_run_id: 'r1',
            map_index: -1,
            state: 'success',
            try_number: 1,
          },
          {
            task_id: 'load',
            dag_id: 'sales_daily',
            dag_run_id: 'r2',
            map_index: -1,
            state: 'failed',
            try_number: 2,
          },
        ],
        total_entries: 2,
      },
    });
    const page = await create(transport).listTaskInstancesOfRuns(
      'sales_daily',
      ['r1', 'r2'],
      { limit: 100, offset: 0 },
    );
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0].body).toMatchObject({
      dag_ids: ['sales_daily'],
      dag_run_ids: ['r1', 'r2'],
      page_offset: 0,
      page_limit: 100,
    });
    expect(page.items.map(ti => [ti.runId, ti.state])).toEqual([
      ['r1', 'success'],
      ['r2', 'failed'],
    ]);
  });

  it("reads the DAG's event log newest first, filtered by dag_id in the query", async () => {
    const transport = new StubTransport({
      'GET /eventLogs': {
        event_logs: [version === 'v1' ? v1EventLog : v2EventLog],
        total_entries: 1,
      },
    });
    const page = await create(transport).listEventLog('sales_daily', {
      limit: 25,
      offset: 0,
    });
    expect(transport.requests[0].query).toEqual({
      dag_id: 'sales_daily',
      limit: 25,
      offset: 0,
      order_by: '-when',
    });
    expect(page.items[0]).toEqual(
      version === 'v1'
        ? {
            id: 3,
            when: '2025-03-01T10:00:00+00:00',
            event: 'api.patch_dag',
            owner: 'ops',
            dagId: 'sales_daily',
            taskId: 'load',
            runId: 'scheduled__1',
            mapIndex: -1,
            tryNumber: 2,
            logicalDate: '2025-03-01T06:00:00+00:00',
            extra: undefined,
          }
        : {
            id: 12,
            when: '2025-03-01T10:00:00Z',
            event: 'trigger_dag_run',
            owner: 'admin',
            dagId: 'sales_daily',
            taskId: undefined,
            runId: 'manual__1',
            mapIndex: undefined,
            tryNumber: undefined,
            logicalDate: undefined,
            extra: '{"conf": {}}',
          },
    );
  });
});

describe('DAG versions', () => {
  it('are read on Airflow 3, newest first', async () => {
    const transport = new StubTransport({
      'GET /dags/sales_daily/dagVersions': {
        dag_versions: [v2Version],
        total_entries: 4,
      },
    });
    const page = await new V2Adapter(transport, context).listDagVersions(
      'sales_daily',
      { limit: 1, offset: 0 },
    );
    expect(transport.requests[0].query).toMatchObject({
      order_by: '-version_number',
    });
    expect(page).toEqual({
      items: [
        {
          id: v2Version.id,
          versionNumber: 4,
          dagId: 'sales_daily',
          bundleName: 'dags-folder',
          bundleVersion: 'abc123',
          createdAt: '2025-02-28T09:00:00Z',
          bundleUrl: undefined,
        },
      ],
      totalEntries: 4,
      offset: 0,
      limit: 1,
    });
  });

  it('are not supported by Airflow 2: no upstream call', async () => {
    const transport = new StubTransport({});
    await expect(
      new V1Adapter(transport, context).listDagVersions('sales_daily', {
        limit: 1,
        offset: 0,
      }),
    ).resolves.toBeUndefined();
    expect(transport.requests).toEqual([]);
  });

  it('explain a path over the connection limit (MWAA)', async () => {
    const transport = new StubTransport({
      [`GET /dags/${'d'.repeat(60)}/dagVersions`]: new UpstreamError(
        'path too long',
        { environment: 'prod', kind: 'limit' },
      ),
    });
    await expect(
      new V2Adapter(transport, context).listDagVersions('d'.repeat(60), {
        limit: 1,
        offset: 0,
      }),
    ).rejects.toThrow(/longer than the connection allows/);
  });

  it('of a run are mapped from dag_versions', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/list': {
        dag_runs: [
          {
            dag_run_id: 'r1',
            dag_id: 'sales_daily',
            state: 'success',
            dag_versions: [v2Version],
          },
        ],
        total_entries: 1,
      },
    });
    const page = await new V2Adapter(transport, context).listDagRuns(
      'sales_daily',
      { limit: 1, offset: 0 },
    );
    expect(page.items[0].dagVersions).toEqual([
      expect.objectContaining({ versionNumber: 4, bundleVersion: 'abc123' }),
    ]);
  });
});
