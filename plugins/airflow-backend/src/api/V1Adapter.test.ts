import { deflateSync } from 'node:zlib';
import { StubTransport } from './__testUtils__/StubTransport';
import {
  v1Dag,
  v1DagSparse,
  v1Health,
  v1Run,
  v1TaskInstance,
} from './__testUtils__/v1Payloads';
import { V1Adapter } from './V1Adapter';

const context = { environment: 'legacy', uiUrl: 'https://af2.example.com' };

/** An itsdangerous URLSafeSerializer dump as Airflow 2 signs it (signature faked). */
function v1Token(metadata: object, compressed = false): string {
  const json = Buffer.from(JSON.stringify(metadata));
  return compressed
    ? `.${deflateSync(json).toString('base64url')}.c2lnbmF0dXJl`
    : `${json.toString('base64url')}.c2lnbmF0dXJl`;
}

describe('V1Adapter', () => {
  it('maps health from /health; no dag_processor on Airflow 2', async () => {
    const transport = new StubTransport({ 'GET /health': v1Health });
    await expect(
      new V1Adapter(transport, context).getHealth(),
    ).resolves.toEqual({
      metadatabase: { status: 'healthy' },
      scheduler: { status: 'unhealthy' },
      triggerer: { status: 'unknown' },
    });
    expect(transport.requests[0].apiVersion).toBe('v1');
  });

  it('lists DAGs with only_active and maps schedule_interval objects', async () => {
    const transport = new StubTransport({
      'GET /dags': { dags: [v1Dag, v1DagSparse], total_entries: 2 },
    });
    const page = await new V1Adapter(transport, context).listDags({
      limit: 100,
      offset: 0,
      tags: ['sales'],
    });
    expect(transport.requests[0].query).toEqual({
      limit: 100,
      offset: 0,
      dag_id_pattern: undefined,
      tags: ['sales'],
      paused: undefined,
      only_active: true,
    });
    expect(page.items[0]).toMatchObject({
      dagId: 'sales_daily',
      isPaused: false,
      isActive: true,
      schedule: '0 6 * * *',
      nextRunLogicalDate: '2025-03-02T06:00:00+00:00',
      nextRunAfter: '2025-03-03T06:00:00+00:00',
      hasImportErrors: false,
      tags: ['sales'],
      uiUrl: 'https://af2.example.com/dags/sales_daily/grid',
    });
    expect(page.items[1]).toMatchObject({
      dagId: 'hourly_sync',
      displayName: 'hourly_sync',
      isActive: false,
      owners: [],
      tags: [],
      schedule: '1 day, 1:02:03',
    });
  });

  it('orders runs by execution_date and falls back to it for the logical date', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/list': { dag_runs: [v1Run], total_entries: 1 },
    });
    const adapter = new V1Adapter(transport, context);
    const page = await adapter.listDagRuns('sales_daily', {
      limit: 5,
      offset: 0,
    });
    // ListDagRunsForm; no states key when no filter is asked for.
    expect(transport.requests[0].body).toEqual({
      dag_ids: ['sales_daily'],
      page_offset: 0,
      page_limit: 5,
      order_by: '-execution_date',
    });
    expect(page.items[0]).toMatchObject({
      runId: v1Run.dag_run_id,
      state: 'failed',
      logicalDate: '2025-03-01T06:00:00+00:00',
      uiUrl: `https://af2.example.com/dags/sales_daily/grid?dag_run_id=${encodeURIComponent(
        v1Run.dag_run_id,
      )}`,
    });
    await adapter.listLatestRuns(['sales_daily'], 100);
    expect(transport.requests[1].body).toEqual({
      dag_ids: ['sales_daily'],
      page_offset: 0,
      page_limit: 100,
      order_by: '-execution_date',
    });
  });

  it('counts runs of all DAGs with GET /dags/~/dagRuns and total_entries', async () => {
    const transport = new StubTransport({
      'GET /dags/~/dagRuns': { dag_runs: [v1Run], total_entries: 4 },
    });
    const adapter = new V1Adapter(transport, context);
    await expect(
      adapter.countDagRuns({
        state: 'failed',
        endDateGte: '2025-03-01T10:00:00.000Z',
      }),
    ).resolves.toBe(4);
    expect(transport.requests[0]).toMatchObject({
      apiVersion: 'v1',
      method: 'GET',
      path: '/dags/~/dagRuns',
      query: {
        state: 'failed',
        end_date_gte: '2025-03-01T10:00:00.000Z',
        limit: 1,
      },
    });
  });

  it("reads task instances through the batch form, the deprecated 'none' state as null", async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/~/taskInstances/list': {
        task_instances: [v1TaskInstance],
        total_entries: 1,
      },
    });
    const page = await new V1Adapter(transport, context).listTaskInstances(
      'sales_daily',
      v1Run.dag_run_id,
      { limit: 100, offset: 0 },
    );
    // ListTaskInstanceForm has no order_by.
    expect(transport.requests[0].body).toEqual({
      dag_ids: ['sales_daily'],
      dag_run_ids: [v1Run.dag_run_id],
      page_offset: 0,
      page_limit: 100,
    });
    expect(page.items[0]).toMatchObject({
      taskId: 'extract',
      state: null,
      operator: 'PythonOperator',
      uiUrl: `https://af2.example.com/dags/sales_daily/grid?dag_run_id=${encodeURIComponent(
        v1Run.dag_run_id,
      )}&task_id=extract`,
    });
  });

  it('reads DAG details with Airflow 2 Param dumps', async () => {
    const transport = new StubTransport({
      'GET /dags/sales_daily/details': {
        ...v1Dag,
        doc_md: null,
        params: {
          days: {
            __class: 'airflow.models.param.Param',
            value: 7,
            description: 'How far back',
            schema: { type: 'integer', minimum: 1 },
          },
        },
      },
      'GET /dags/empty/details': { ...v1Dag, dag_id: 'empty' },
    });
    const adapter = new V1Adapter(transport, context);
    expect(await adapter.getDagDetails('sales_daily')).toMatchObject({
      dagId: 'sales_daily',
      docMd: undefined,
      params: {
        days: {
          value: 7,
          description: 'How far back',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    });
    expect((await adapter.getDagDetails('empty')).params).toEqual({});
  });

  describe('task logs', () => {
    const path = '/dags/d/dagRuns/r/taskInstances/t/logs/1';
    const read = (body: unknown) =>
      new V1Adapter(
        new StubTransport({ [`GET ${path}`]: body }),
        context,
      ).getTaskLog({
        dagId: 'd',
        runId: 'r',
        taskId: 't',
        tryNumber: 1,
        mapIndex: -1,
      });

    it('unwraps the Python repr of (host, text) tuples and reads end_of_log from the token', async () => {
      const token = v1Token({ end_of_log: false, log_pos: 42 });
      const chunk = await read({
        continuation_token: token,
        content: "[('worker-1', '*** Found local files\\nit\\'s running')]",
      });
      expect(chunk).toEqual({
        lines: [
          { message: '*** Found local files' },
          { message: "it's running" },
        ],
        continuationToken: token,
        endOfLog: false,
      });
    });

    it('ends the log when the (compressed) token says so', async () => {
      const chunk = await read({
        continuation_token: v1Token({ end_of_log: true, log_pos: 1 }, true),
        content: 'plain text',
      });
      expect(chunk).toEqual({
        lines: [{ message: 'plain text' }],
        endOfLog: true,
      });
    });

    it('treats empty content as the end when the token cannot be read', async () => {
      await expect(
        read({ continuation_token: 'opaque', content: '' }),
      ).resolves.toEqual({ lines: [], endOfLog: true });
      await expect(
        read({ continuation_token: 'opaque', content: 'more' }),
      ).resolves.toEqual({
        lines: [{ message: 'more' }],
        continuationToken: 'opaque',
        endOfLog: false,
      });
    });
  });
});
