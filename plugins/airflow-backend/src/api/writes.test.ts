import { UpstreamError } from '../transport/errors';
import { StubTransport } from './__testUtils__/StubTransport';
import { v1Dag, v1Run } from './__testUtils__/v1Payloads';
import { v2Dag, v2Run } from './__testUtils__/v2Payloads';
import { V1Adapter } from './V1Adapter';
import { V2Adapter } from './V2Adapter';

/* Writes through both adapters: what is sent, and what comes back. */

const context = { environment: 'prod', uiUrl: 'https://airflow.example.com' };
const runId = v2Run.dag_run_id;
const runPath = `/dags/sales_daily/dagRuns/${encodeURIComponent(runId)}`;

function airflowAnswered(status: number, detail: string) {
  return new UpstreamError(`Airflow answered ${status}`, {
    environment: 'prod',
    kind: 'http',
    status,
    detail,
  });
}

describe('adapter writes', () => {
  it('triggers on Airflow 3 with logical_date null by default, never retried', async () => {
    const transport = new StubTransport({
      'POST /dags/sales_daily/dagRuns': v2Run,
    });
    const result = await new V2Adapter(transport, context).triggerDagRun({
      dagId: 'sales_daily',
      runId,
      conf: { region: 'eu' },
      note: 'from the portal',
    });
    expect(transport.requests[0]).toMatchObject({
      apiVersion: 'v2',
      idempotent: false,
      body: {
        dag_run_id: runId,
        logical_date: null,
        conf: { region: 'eu' },
        note: 'from the portal',
      },
    });
    expect(result).toMatchObject({
      value: { environment: 'prod', dagId: 'sales_daily', runId },
      upstreamStatus: 200,
      deduplicated: false,
    });
  });

  it('sends Airflow 2 a logical date only when one is given', async () => {
    const transport = new StubTransport({
      'POST /dags/sales_daily/dagRuns': v1Run,
    });
    const adapter = new V1Adapter(transport, context);
    await adapter.triggerDagRun({ dagId: 'sales_daily', runId: 'r1' });
    await adapter.triggerDagRun({
      dagId: 'sales_daily',
      runId: 'r2',
      logicalDate: '2025-03-01T06:00:00+00:00',
    });
    const [without, withDate] = transport.requests.map(
      r => r.body as Record<string, unknown>,
    );
    expect(without).not.toHaveProperty('logical_date');
    expect(without.dag_run_id).toBe('r1');
    expect(withDate.logical_date).toBe('2025-03-01T06:00:00+00:00');
  });

  it('answers a 409 for its own run id with that run, read back', async () => {
    const transport = new StubTransport({
      'POST /dags/sales_daily/dagRuns': airflowAnswered(409, 'exists'),
      [`GET ${runPath}`]: v2Run,
    });
    const result = await new V2Adapter(transport, context).triggerDagRun({
      dagId: 'sales_daily',
      runId,
    });
    expect(result).toMatchObject({
      value: { runId },
      upstreamStatus: 409,
      deduplicated: true,
    });
  });

  it("keeps Airflow's 409 when the run id is not there", async () => {
    const conflict = airflowAnswered(409, 'logical date taken');
    const transport = new StubTransport({
      'POST /dags/sales_daily/dagRuns': conflict,
      [`GET ${runPath}`]: airflowAnswered(404, 'DAGRun not found'),
    });
    await expect(
      new V2Adapter(transport, context).triggerDagRun({
        dagId: 'sales_daily',
        runId,
      }),
    ).rejects.toBe(conflict);
  });

  it('finds a run whose path is over the limit among the newest runs of its DAG', async () => {
    const tooLong = new UpstreamError('exceeds a limit: 64 characters', {
      environment: 'prod',
      kind: 'limit',
    });
    const transport = new StubTransport({
      [`GET ${runPath}`]: tooLong,
      'GET /dags/sales_daily/dagRuns/older_run': tooLong,
      'POST /dags/~/dagRuns/list': { dag_runs: [v2Run], total_entries: 1 },
    });
    const adapter = new V2Adapter(transport, context);
    await expect(
      adapter.getDagRun('sales_daily', runId),
    ).resolves.toMatchObject({ runId });
    expect(transport.requests[1].body).toMatchObject({
      dag_ids: ['sales_daily'],
      page_limit: 100,
    });
    await expect(
      adapter.getDagRun('sales_daily', 'older_run'),
    ).rejects.toMatchObject({
      message: expect.stringContaining('has no other form of this call'),
      details: { kind: 'limit' },
    });
  });

  it.each([
    ['v1', V1Adapter, v1Dag],
    ['v2', V2Adapter, v2Dag],
  ] as const)(
    '%s: pauses with update_mask=is_paused and answers the DAG',
    async (apiVersion, Adapter, dag) => {
      const transport = new StubTransport({
        'PATCH /dags/sales_daily': { ...dag, is_paused: true },
      });
      const result = await new Adapter(transport, context).setDagPaused(
        'sales_daily',
        true,
      );
      expect(transport.requests[0]).toMatchObject({
        apiVersion,
        query: { update_mask: 'is_paused' },
        body: { is_paused: true },
        idempotent: false,
      });
      expect(result).toMatchObject({
        value: { dagId: 'sales_daily', isPaused: true },
        upstreamStatus: 200,
      });
    },
  );
});
