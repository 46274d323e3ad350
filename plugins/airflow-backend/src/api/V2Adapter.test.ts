import { UpstreamError } from '../transport/errors';
import { StubTransport } from './__testUtils__/StubTransport';
import {
  v2Dag,
  v2DagFrom302,
  v2Health,
  v2ImportErrors,
  v2Run,
  v2TaskInstance,
} from './__testUtils__/v2Payloads';
import { V2Adapter } from './V2Adapter';

const context = { environment: 'prod', uiUrl: 'https://airflow.example.com/' };
const runId = 'manual__2025-03-01T10:00:00+00:00';

describe('V2Adapter', () => {
  it('maps health, reading null statuses as unknown and dropping a null dag_processor', async () => {
    const transport = new StubTransport({ 'GET /monitor/health': v2Health });
    const health = await new V2Adapter(transport, context).getHealth();
    expect(health).toEqual({
      metadatabase: { status: 'healthy' },
      scheduler: {
        status: 'healthy',
        latestHeartbeat: '2025-03-01T10:00:00Z',
      },
      triggerer: { status: 'unknown' },
    });
    expect(transport.requests[0].apiVersion).toBe('v2');
  });

  it('lists DAGs with v2 parameters and maps 3.2 and 3.0 shapes', async () => {
    const transport = new StubTransport({
      'GET /dags': { dags: [v2Dag, v2DagFrom302], total_entries: 120 },
    });
    const page = await new V2Adapter(transport, context).listDags({
      limit: 100,
      offset: 0,
      tags: ['sales', 'finance'],
      dagIdPattern: 'sales',
    });
    expect(transport.requests[0].query).toEqual({
      limit: 100,
      offset: 0,
      dag_id_pattern: 'sales',
      tags: ['sales', 'finance'],
      tags_match_mode: 'any',
      paused: undefined,
      exclude_stale: true,
    });
    expect(page.totalEntries).toBe(120);
    expect(page.items[0]).toEqual({
      environment: 'prod',
      dagId: 'sales_daily',
      displayName: 'Sales daily',
      description: undefined,
      isPaused: false,
      isActive: true,
      owners: ['data-eng'],
      tags: ['sales'],
      schedule: '0 6 * * *',
      scheduleDescription: 'At 06:00',
      nextRunLogicalDate: '2025-03-02T06:00:00Z',
      nextRunAfter: '2025-03-03T06:00:00Z',
      hasImportErrors: false,
      fileloc: '/opt/airflow/dags/sales.py',
      lastParsedTime: '2025-03-01T10:00:00Z',
      maxActiveRuns: undefined,
      uiUrl: 'https://airflow.example.com/dags/sales_daily',
    });
    expect(page.items[1]).toMatchObject({
      dagId: 'stale_dag',
      isActive: false,
      isPaused: true,
      schedule: undefined,
      hasImportErrors: true,
      tags: [],
    });
  });

  it('tolerates an empty collection and rejects a body that is not one', async () => {
    const empty = new StubTransport({
      'GET /dags': { dags: [], total_entries: 0 },
    });
    await expect(
      new V2Adapter(empty, context).listDags({ limit: 10, offset: 0 }),
    ).resolves.toMatchObject({ items: [], totalEntries: 0 });

    const broken = new StubTransport({ 'GET /dags': { detail: 'nope' } });
    await expect(
      new V2Adapter(broken, context).listDags({ limit: 10, offset: 0 }),
    ).rejects.toMatchObject({
      name: 'UpstreamError',
      details: { kind: 'malformed', environment: 'prod' },
    });
  });

  it('lists runs of one DAG newest first through the batch form, with a state filter', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/list': { dag_runs: [v2Run], total_entries: 1 },
    });
    const page = await new V2Adapter(transport, context).listDagRuns('my.dag', {
      limit: 25,
      offset: 5,
      states: ['running'],
    });
    // DAGRunsBatchBody of 3.0.2: no unknown keys, none of the 3.2-only ones.
    expect(transport.requests[0]).toMatchObject({
      method: 'POST',
      idempotent: true,
      body: {
        dag_ids: ['my.dag'],
        states: ['running'],
        page_offset: 5,
        page_limit: 25,
        order_by: '-run_after',
      },
    });
    expect(page).toMatchObject({ offset: 5, limit: 25, totalEntries: 1 });
    expect(page.items[0]).toEqual({
      environment: 'prod',
      dagId: 'sales_daily',
      runId,
      state: 'running',
      runType: 'manual',
      logicalDate: null,
      runAfter: '2025-03-01T10:00:00Z',
      queuedAt: '2025-03-01T10:00:00Z',
      startDate: '2025-03-01T10:00:01Z',
      endDate: undefined,
      conf: undefined,
      note: undefined,
      triggeredBy: 'rest_api',
      uiUrl: `https://airflow.example.com/dags/sales_daily/runs/${encodeURIComponent(
        runId,
      )}`,
      dagVersions: [],
    });
  });

  it('reads latest runs of many DAGs with one batch call', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/list': { dag_runs: [v2Run], total_entries: 40 },
    });
    const batch = await new V2Adapter(transport, context).listLatestRuns(
      ['a', 'b'],
      100,
    );
    expect(transport.requests[0].body).toEqual({
      dag_ids: ['a', 'b'],
      page_offset: 0,
      page_limit: 100,
      order_by: '-run_after',
    });
    expect(batch.totalEntries).toBe(40);
    expect(batch.runs).toHaveLength(1);
  });

  it('maps task instances of a run read through the batch endpoint (short path for MWAA)', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/~/taskInstances/list': {
        task_instances: [v2TaskInstance],
        total_entries: 1,
      },
    });
    const page = await new V2Adapter(transport, context).listTaskInstances(
      'sales_daily',
      runId,
      { limit: 100, offset: 0 },
    );
    // Only keys TaskInstancesBatchBody has in 3.0.2 (additionalProperties: false).
    expect(transport.requests[0]).toMatchObject({
      method: 'POST',
      idempotent: true,
      body: {
        dag_ids: ['sales_daily'],
        dag_run_ids: [runId],
        page_offset: 0,
        page_limit: 100,
        order_by: 'map_index',
      },
    });
    expect(page.items[0]).toMatchObject({
      taskId: 'load.orders',
      mapIndex: 2,
      state: null,
      tryNumber: 0,
      hostname: undefined,
      uiUrl: `https://airflow.example.com/dags/sales_daily/runs/${encodeURIComponent(
        runId,
      )}/tasks/load.orders`,
    });
  });

  it('reads structured log chunks and their end', async () => {
    const path = `/dags/d/dagRuns/r/taskInstances/t/logs/2`;
    const transport = new StubTransport({
      [`GET ${path}`]: {
        content: [
          {
            timestamp: '2025-03-01T10:00:00Z',
            event: 'starting',
            level: 'info',
            logger: 'x',
          },
          'plain line',
          { event: 'no timestamp' },
        ],
        continuation_token: 'next',
      },
    });
    const adapter = new V2Adapter(transport, context);
    const chunk = await adapter.getTaskLog({
      dagId: 'd',
      runId: 'r',
      taskId: 't',
      tryNumber: 2,
      mapIndex: -1,
    });
    expect(transport.requests[0].query).toEqual({
      map_index: -1,
      token: undefined,
    });
    expect(chunk).toEqual({
      lines: [
        {
          timestamp: '2025-03-01T10:00:00Z',
          level: 'info',
          message: 'starting',
        },
        { message: 'plain line' },
        { timestamp: undefined, level: undefined, message: 'no timestamp' },
      ],
      continuationToken: 'next',
      endOfLog: false,
    });

    const end = new StubTransport({
      [`GET ${path}`]: { content: [], continuation_token: null },
    });
    await expect(
      new V2Adapter(end, context).getTaskLog({
        dagId: 'd',
        runId: 'r',
        taskId: 't',
        tryNumber: 2,
        mapIndex: -1,
        token: 'next',
      }),
    ).resolves.toEqual({ lines: [], endOfLog: true });
  });

  it('counts import errors with one limit=1 call', async () => {
    const transport = new StubTransport({
      'GET /importErrors': v2ImportErrors,
    });
    const adapter = new V2Adapter(transport, context);
    await expect(adapter.countImportErrors()).resolves.toBe(3);
    expect(transport.requests[0].query).toEqual({ limit: 1, offset: 0 });
    const page = await adapter.listImportErrors({ limit: 10, offset: 0 });
    expect(page.items).toEqual([
      {
        id: 7,
        filename: 'broken.py',
        timestamp: '2025-03-01T09:00:00Z',
        stackTrace: 'SyntaxError',
        bundleName: undefined,
      },
    ]);
  });

  it('counts runs of all DAGs with one short GET and the filter in the query', async () => {
    const transport = new StubTransport({
      'GET /dags/~/dagRuns': { dag_runs: [v2Run], total_entries: 17 },
    });
    const adapter = new V2Adapter(transport, context);
    await expect(
      adapter.countDagRuns({
        state: 'failed',
        endDateGte: '2025-03-01T10:00:00.000Z',
      }),
    ).resolves.toBe(17);
    await expect(adapter.countDagRuns({ state: 'running' })).resolves.toBe(17);
    // Only parameters Airflow 3.0.2's GET /dags/{dag_id}/dagRuns knows.
    expect(transport.requests.map(r => [r.method, r.path, r.query])).toEqual([
      [
        'GET',
        '/dags/~/dagRuns',
        { state: 'failed', end_date_gte: '2025-03-01T10:00:00.000Z', limit: 1 },
      ],
      [
        'GET',
        '/dags/~/dagRuns',
        { state: 'running', end_date_gte: undefined, limit: 1 },
      ],
    ]);
    expect(transport.requests[0].idempotent).toBe(true);
  });

  it('reads the version and fails getDag on a body without dag_id', async () => {
    const transport = new StubTransport({
      'GET /version': { version: '3.0.6', git_version: null },
      'GET /dags/x': { something: 'else' },
    });
    const adapter = new V2Adapter(transport, context);
    await expect(adapter.getVersion()).resolves.toEqual({
      version: '3.0.6',
      gitVersion: undefined,
    });
    await expect(adapter.getDag('x')).rejects.toBeInstanceOf(UpstreamError);
  });

  it('reads DAG details with params, tolerating null and bare values', async () => {
    const transport = new StubTransport({
      'GET /dags/sales_daily/details': {
        ...v2Dag,
        doc_md: '# Sales',
        params: {
          region: {
            __class: 'airflow.sdk.definitions.param.Param',
            value: 'eu',
            description: 'Where to load',
            schema: { type: 'string', enum: ['eu', 'us'] },
            source: null,
          },
          limit: { value: null, description: null, schema: null },
          legacy: 3,
        },
      },
      'GET /dags/bare/details': { ...v2Dag, dag_id: 'bare', params: null },
    });
    const adapter = new V2Adapter(transport, context);
    const details = await adapter.getDagDetails('sales_daily');
    expect(details).toMatchObject({
      dagId: 'sales_daily',
      docMd: '# Sales',
      params: {
        region: {
          value: 'eu',
          description: 'Where to load',
          schema: { type: 'string', enum: ['eu', 'us'] },
        },
        limit: { value: null, description: undefined, schema: {} },
        legacy: { value: 3, schema: {} },
      },
    });
    const bare = await adapter.getDagDetails('bare');
    expect(bare.params).toEqual({});
    expect(bare.docMd).toBeUndefined();
  });

  it('explains a log path over the transport limit, which has no batch form', async () => {
    const limited = new StubTransport({});
    limited.request = async () => {
      throw new UpstreamError('GET /dags/… exceeds a limit: 64 characters', {
        environment: 'prod',
        kind: 'limit',
      });
    };
    await expect(
      new V2Adapter(limited, context).getTaskLog({
        dagId: 'd',
        runId: 'r'.repeat(80),
        taskId: 't',
        tryNumber: 1,
        mapIndex: -1,
      }),
    ).rejects.toMatchObject({
      name: 'UpstreamError',
      message: expect.stringContaining('has no other form of this call'),
      details: { kind: 'limit', detail: expect.stringContaining('64') },
    });
  });

  it('leaves deep links out without a UI URL', async () => {
    const transport = new StubTransport({ 'GET /dags/sales_daily': v2Dag });
    const dag = await new V2Adapter(transport, { environment: 'prod' }).getDag(
      'sales_daily',
    );
    expect(dag.uiUrl).toBeUndefined();
  });
});
