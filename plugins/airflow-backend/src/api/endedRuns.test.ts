import { StubTransport } from './__testUtils__/StubTransport';
import { v1Run } from './__testUtils__/v1Payloads';
import { v2Run } from './__testUtils__/v2Payloads';
import { V1Adapter } from './V1Adapter';
import { V2Adapter } from './V2Adapter';

const context = { environment: 'prod' };

describe.each([
  ['v1', (t: StubTransport) => new V1Adapter(t, context), v1Run],
  ['v2', (t: StubTransport) => new V2Adapter(t, context), v2Run],
])('%s listEndedRuns', (_version, create, run) => {
  it('lists the runs of every DAG in the states since a time, oldest end first, in one batch call', async () => {
    const transport = new StubTransport({
      'POST /dags/~/dagRuns/list': { dag_runs: [run], total_entries: 7 },
    });
    const page = await create(transport).listEndedRuns({
      states: ['failed'],
      endDateGte: '2025-03-01T10:00:00.000Z',
      limit: 500,
      offset: 100,
    });

    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0].body).toEqual({
      states: ['failed'],
      end_date_gte: '2025-03-01T10:00:00.000Z',
      order_by: 'end_date',
      page_offset: 100,
      // Airflow's page size cap
      page_limit: 100,
    });
    expect(page.totalEntries).toBe(7);
    expect(page.offset).toBe(100);
    expect(page.items.map(r => [r.dagId, r.runId])).toEqual([
      [run.dag_id, run.dag_run_id],
    ]);
  });
});
