import { AirflowSimulator, startAirflowSimulator } from '../simulator';
import { bearer, call } from '../../testing/client';
import { isoV2 } from '../../util/time';

/*
 * Backfills on a frozen clock: a dry run lists the runs a backfill would
 * make (honouring reprocess_behavior) and makes none; a backfill runs its
 * runs at most max_active_runs at a time, pauses, cancels, completes; and
 * Airflow's 404/409/422 answers.
 */

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe('Airflow 3 backfills', () => {
  let sim: AirflowSimulator;
  let auth: Record<string, string>;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'backfills',
      runSpeed: 100,
      frozenClock: true,
      startTime: Date.UTC(2026, 5, 15, 12),
      // The clock moves by days here; the token must outlive them.
      tokenLifetimeSeconds: 365 * 24 * 3600,
    });
    auth = await bearer(sim.url);
  });
  afterAll(() => sim.close());

  const send = (method: string, path: string, body?: unknown) =>
    call(sim.url, method, path, { headers: auth, body });
  /** orders_daily_load runs daily at 02:00; its seeded history covers the last days. */
  const dagId = 'orders_daily_load';
  const seededDates = () =>
    sim.state
      .runsOf(dagId)
      .map(r => r.logicalDate!)
      .sort((a, b) => a - b);
  const seededState = (date: number) =>
    sim.state.viewRun(
      sim.state.runsOf(dagId).find(r => r.logicalDate === date)!,
    ).state;

  it('previews without creating anything; reprocess_behavior decides which existing runs are run again', async () => {
    const dates = seededDates();
    const first = dates[0];
    const last = dates[dates.length - 1];
    const from = first - 3 * DAY;
    const runsBefore = sim.state.runs.length;
    const body = {
      dag_id: dagId,
      from_date: isoV2(from),
      to_date: isoV2(last),
    };
    const none = await send('POST', '/api/v2/backfills/dry_run', body);
    expect(none.status).toBe(200);
    const missing = [from, from + DAY, from + 2 * DAY].map(d => isoV2(d));
    expect(none.body).toEqual({
      backfills: missing.map(logical_date => ({
        logical_date,
        partition_key: null,
        partition_date: null,
      })),
      total_entries: 3,
    });

    const failed = await send('POST', '/api/v2/backfills/dry_run', {
      ...body,
      reprocess_behavior: 'failed',
    });
    const failedDates = dates.filter(d => seededState(d) === 'failed');
    expect(failed.body.backfills.map((b: any) => b.logical_date)).toEqual([
      ...missing,
      ...failedDates.map(d => isoV2(d)),
    ]);

    const completed = await send('POST', '/api/v2/backfills/dry_run', {
      ...body,
      reprocess_behavior: 'completed',
      run_backwards: true,
    });
    const finished = dates.filter(d =>
      ['success', 'failed'].includes(seededState(d)),
    );
    expect(completed.body.backfills.map((b: any) => b.logical_date)).toEqual(
      [...missing, ...finished.map(d => isoV2(d))].reverse(),
    );
    expect(sim.state.runs.length).toBe(runsBefore);
    const listed = await send('GET', `/api/v2/backfills?dag_id=${dagId}`);
    expect(listed.body).toEqual({ backfills: [], total_entries: 0 });
  });

  it('creates the runs, at most max_active_runs at a time, and completes once they finish', async () => {
    const to = seededDates()[0] - 10 * DAY;
    const from = to - 4 * DAY;
    const created = await send('POST', '/api/v2/backfills', {
      dag_id: dagId,
      from_date: isoV2(from),
      to_date: isoV2(to),
      max_active_runs: 2,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      dag_id: dagId,
      from_date: isoV2(from),
      to_date: isoV2(to),
      is_paused: false,
      reprocess_behavior: 'none',
      max_active_runs: 2,
      completed_at: null,
      dag_run_conf: {},
    });
    const runs = await send(
      'GET',
      `/api/v2/dags/${dagId}/dagRuns?run_type=backfill&order_by=logical_date`,
    );
    expect(runs.body.total_entries).toBe(5);
    expect(runs.body.dag_runs[0]).toMatchObject({
      dag_run_id: `backfill__${isoV2(from)!.replace('.000000Z', '+00:00')}`,
      run_type: 'backfill',
      triggered_by: 'backfill',
      state: 'queued',
    });

    const conflict = await send('POST', '/api/v2/backfills', {
      dag_id: dagId,
      from_date: isoV2(from - 10 * DAY),
      to_date: isoV2(from - 9 * DAY),
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toBe(
      `There is already a running backfill for dag ${dagId}`,
    );

    sim.advanceTime(3000);
    const states = () =>
      sim.state
        .runsOf(dagId)
        .filter(r => r.runType === 'backfill')
        .map(r => sim.state.viewRun(r).state);
    expect(states().filter(s => s === 'running')).toHaveLength(2);

    sim.advanceTime(24 * HOUR);
    expect(states().every(s => s === 'success' || s === 'failed')).toBe(true);
    const done = await send('GET', `/api/v2/backfills/${created.body.id}`);
    expect(done.body.completed_at).not.toBeNull();
    const late = await send(
      'PUT',
      `/api/v2/backfills/${created.body.id}/pause`,
    );
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('Backfill is already completed.');
  });

  it('pauses (no new run starts), unpauses and cancels (queued runs fail)', async () => {
    const dag = 'payments_reconcile';
    const first = sim.state
      .runsOf(dag)
      .map(r => r.logicalDate!)
      .sort((a, b) => a - b)[0];
    const created = await send('POST', '/api/v2/backfills', {
      dag_id: dag,
      from_date: isoV2(first - 6 * DAY),
      to_date: isoV2(first - DAY),
      max_active_runs: 1,
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const paused = await send('PUT', `/api/v2/backfills/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.is_paused).toBe(true);
    sim.advanceTime(HOUR);
    const backfillRuns = () =>
      sim.state.runsOf(dag).filter(r => r.runType === 'backfill');
    expect(backfillRuns().map(r => sim.state.viewRun(r).state)).toEqual(
      backfillRuns().map(() => 'queued'),
    );

    const unpaused = await send('PUT', `/api/v2/backfills/${id}/unpause`);
    expect(unpaused.body.is_paused).toBe(false);
    sim.advanceTime(3000);
    expect(
      backfillRuns().filter(r => sim.state.viewRun(r).state === 'running'),
    ).toHaveLength(1);

    const cancelled = await send('PUT', `/api/v2/backfills/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      is_paused: true,
      completed_at: isoV2(sim.state.now()),
    });
    const states = backfillRuns().map(r => sim.state.viewRun(r).state);
    expect(states.filter(s => s === 'running')).toHaveLength(1);
    expect(states).not.toContain('queued');
  });

  it("answers Airflow's refusals", async () => {
    const missing = await send('POST', '/api/v2/backfills/dry_run', {
      dag_id: 'nope',
      from_date: '2026-01-01T00:00:00Z',
      to_date: '2026-01-02T00:00:00Z',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Could not find dag nope');
    const future = await send('POST', '/api/v2/backfills', {
      dag_id: dagId,
      from_date: '2027-01-01T00:00:00Z',
      to_date: '2027-01-02T00:00:00Z',
    });
    expect(future.status).toBe(422);
    expect(future.body.detail).toBe(
      'Backfill cannot be executed for future dates.',
    );
    const unscheduled = await send('POST', '/api/v2/backfills/dry_run', {
      dag_id: 'payouts',
      from_date: '2026-01-01T00:00:00Z',
      to_date: '2026-01-02T00:00:00Z',
    });
    expect(unscheduled.status).toBe(422);
    const extra = await send('POST', '/api/v2/backfills/dry_run', {
      dag_id: dagId,
      from_date: '2026-01-01T00:00:00Z',
      to_date: '2026-01-02T00:00:00Z',
      dry_run: true,
    });
    expect(extra.status).toBe(422);
    expect(extra.body.detail[0]).toMatchObject({ type: 'extra_forbidden' });
    const badReprocess = await send('POST', '/api/v2/backfills/dry_run', {
      dag_id: dagId,
      from_date: '2026-01-01T00:00:00Z',
      to_date: '2026-01-02T00:00:00Z',
      reprocess_behavior: 'all',
    });
    expect(badReprocess.status).toBe(422);
    expect((await send('GET', '/api/v2/backfills/999')).status).toBe(404);
    const unknown = await send('PUT', '/api/v2/backfills/999/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Could not find backfill with id 999');
    expect((await send('GET', '/api/v2/backfills')).status).toBe(422);
    expect((await send('GET', '/api/v2/backfills/abc')).status).toBe(422);
  });
});
