import { UpstreamError } from '../transport/errors';
import { StubTransport } from './__testUtils__/StubTransport';
import { V1Adapter } from './V1Adapter';
import { V2Adapter } from './V2Adapter';

/* Approvals and backfills through the adapters: what is sent, what comes back, what is refused. */

const context = { environment: 'prod' };
const RUN_ID = 'manual__2026-11-22T07:00:00+00:00';

const hitlDetail = {
  options: ['Approve', 'Reject'],
  subject: 'Publish the numbers?',
  body: 'They are ready.',
  defaults: null,
  multiple: false,
  params: {
    reason: { value: '', description: null, schema: { type: 'string' } },
  },
  assigned_users: [{ id: 'portal', name: 'portal' }],
  created_at: '2026-11-22T07:05:00Z',
  responded_by_user: null,
  responded_at: null,
  chosen_options: null,
  params_input: {},
  response_received: false,
  task_instance: {
    dag_id: 'sales_daily',
    dag_run_id: RUN_ID,
    task_id: 'approve',
    map_index: -1,
    state: 'deferred',
  },
};

const backfill = {
  id: 7,
  dag_id: 'sales_daily',
  from_date: '2026-11-01T00:00:00Z',
  to_date: '2026-11-03T00:00:00Z',
  dag_run_conf: {},
  is_paused: false,
  reprocess_behavior: 'failed',
  max_active_runs: 2,
  created_at: '2026-11-22T08:00:00Z',
  completed_at: null,
  updated_at: '2026-11-22T08:00:00Z',
  dag_display_name: 'sales_daily',
};

function airflowAnswered(status: number, detail: string) {
  return new UpstreamError(`Airflow answered ${status}`, {
    environment: 'prod',
    kind: status === 403 ? 'auth' : 'http',
    status,
    detail,
  });
}

describe('approvals', () => {
  it('lists pending approvals of every DAG in one call of the ~ form', async () => {
    const transport = new StubTransport({
      'GET /dags/~/dagRuns/~/hitlDetails': {
        hitl_details: [hitlDetail],
        total_entries: 1,
      },
    });
    const page = await new V2Adapter(transport, context).approvals.listPending({
      limit: 100,
      offset: 0,
    });
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]).toMatchObject({
      idempotent: true,
      query: { response_received: false, state: ['deferred'], limit: 100 },
    });
    expect(page.items).toEqual([
      expect.objectContaining({
        environment: 'prod',
        dagId: 'sales_daily',
        runId: RUN_ID,
        taskId: 'approve',
        mapIndex: -1,
        subject: 'Publish the numbers?',
        options: ['Approve', 'Reject'],
        multiple: false,
        params: { reason: { value: '', schema: { type: 'string' } } },
        assignedUsers: [{ id: 'portal', name: 'portal' }],
        taskState: 'deferred',
        responseReceived: false,
      }),
    ]);
  });

  it('answers with chosen_options and params_input, never retried', async () => {
    const path = `/dags/sales_daily/dagRuns/${encodeURIComponent(
      RUN_ID,
    )}/taskInstances/approve/-1/hitlDetails`;
    const transport = new StubTransport({
      [`PATCH ${path}`]: {
        responded_by: { id: 'portal', name: 'portal' },
        responded_at: '2026-11-22T07:06:00Z',
        chosen_options: ['Approve'],
        params_input: { reason: 'ok' },
      },
    });
    const answer = await new V2Adapter(transport, context).approvals.respond({
      dagId: 'sales_daily',
      runId: RUN_ID,
      taskId: 'approve',
      mapIndex: -1,
      chosenOptions: ['Approve'],
      paramsInput: { reason: 'ok' },
    });
    expect(transport.requests[0]).toMatchObject({
      method: 'PATCH',
      idempotent: false,
      body: { chosen_options: ['Approve'], params_input: { reason: 'ok' } },
    });
    expect(answer).toEqual({
      upstreamStatus: 200,
      value: {
        respondedBy: { id: 'portal', name: 'portal' },
        respondedAt: '2026-11-22T07:06:00Z',
        chosenOptions: ['Approve'],
        paramsInput: { reason: 'ok' },
      },
    });
  });

  it("explains Airflow's 403: the portal's user is not assigned", async () => {
    const path = `/dags/sales_daily/dagRuns/${encodeURIComponent(
      RUN_ID,
    )}/taskInstances/approve/-1/hitlDetails`;
    const transport = new StubTransport({
      [`PATCH ${path}`]: airflowAnswered(403, 'Forbidden'),
    });
    await expect(
      new V2Adapter(transport, context).approvals.respond({
        dagId: 'sales_daily',
        runId: RUN_ID,
        taskId: 'approve',
        mapIndex: -1,
        chosenOptions: ['Approve'],
      }),
    ).rejects.toMatchObject({
      name: 'UpstreamError',
      message: expect.stringContaining('assigned_users'),
      details: { status: 403 },
    });
  });

  it('refuses an answer whose path the connection cannot carry, saying why (MWAA)', async () => {
    const path = `/dags/sales_daily/dagRuns/${encodeURIComponent(
      RUN_ID,
    )}/taskInstances/approve/-1/hitlDetails`;
    const tooLong = new UpstreamError('Path over 64 characters', {
      environment: 'prod',
      kind: 'limit',
    });
    const transport = new StubTransport({ [`PATCH ${path}`]: tooLong });
    await expect(
      new V2Adapter(transport, context).approvals.respond({
        dagId: 'sales_daily',
        runId: RUN_ID,
        taskId: 'approve',
        mapIndex: -1,
        chosenOptions: ['Approve'],
      }),
    ).rejects.toMatchObject({
      name: 'UpstreamError',
      message: expect.stringContaining('longer than the connection allows'),
      details: { kind: 'limit' },
    });
  });

  it('reports an Airflow 3 without the API (404) as not supported', async () => {
    const transport = new StubTransport({
      'GET /dags/~/dagRuns/~/hitlDetails': airflowAnswered(404, 'Not Found'),
    });
    await expect(
      new V2Adapter(transport, context).approvals.listPending({
        limit: 100,
        offset: 0,
      }),
    ).rejects.toMatchObject({
      name: 'NotImplementedError',
      message: expect.stringContaining('Airflow 3.1 or later'),
    });
  });
});

describe('backfills', () => {
  it('previews, creates and changes backfills with short paths', async () => {
    const transport = new StubTransport({
      'POST /backfills/dry_run': {
        backfills: [
          { logical_date: '2026-11-01T00:00:00Z' },
          { logical_date: '2026-11-02T00:00:00Z' },
        ],
        total_entries: 2,
      },
      'POST /backfills': backfill,
      'PUT /backfills/7/pause': { ...backfill, is_paused: true },
    });
    const adapter = new V2Adapter(transport, context);
    const spec = {
      fromDate: backfill.from_date,
      toDate: backfill.to_date,
      reprocessBehavior: 'failed' as const,
      maxActiveRuns: 2,
    };
    expect(await adapter.backfills.dryRun('sales_daily', spec)).toEqual({
      runs: [
        { logicalDate: '2026-11-01T00:00:00Z' },
        { logicalDate: '2026-11-02T00:00:00Z' },
      ],
      totalEntries: 2,
    });
    const created = await adapter.backfills.create('sales_daily', spec);
    expect(created.value).toMatchObject({
      id: 7,
      dagId: 'sales_daily',
      reprocessBehavior: 'failed',
      maxActiveRuns: 2,
      isPaused: false,
    });
    expect(created.value.completedAt).toBeUndefined();
    const paused = await adapter.backfills.change(7, 'pause');
    expect(paused.value.isPaused).toBe(true);
    // BackfillPostBody forbids unknown keys: exactly its own.
    expect(transport.requests[1].body).toEqual({
      dag_id: 'sales_daily',
      from_date: backfill.from_date,
      to_date: backfill.to_date,
      run_backwards: false,
      reprocess_behavior: 'failed',
      max_active_runs: 2,
    });
    expect(transport.requests.map(r => r.idempotent)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('Airflow 2', () => {
  it('refuses approvals and backfills before any upstream call', async () => {
    const transport = new StubTransport({});
    const adapter = new V1Adapter(transport, context);
    await expect(
      adapter.approvals.listPending({ limit: 100, offset: 0 }),
    ).rejects.toMatchObject({
      name: 'NotImplementedError',
      message: expect.stringContaining('not supported by Airflow 2'),
    });
    await expect(
      adapter.backfills.create('sales_daily', {
        fromDate: backfill.from_date,
        toDate: backfill.to_date,
      }),
    ).rejects.toMatchObject({
      name: 'NotImplementedError',
      message: expect.stringContaining('not supported by Airflow 2'),
    });
    expect(transport.requests).toEqual([]);
  });
});
