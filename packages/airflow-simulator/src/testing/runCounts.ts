import type { AirflowSimulator } from '../airflow/simulator';
import type { Reply } from './client';

/**
 * The count the portal reads from both API versions: `GET /dags/~/dagRuns`
 * with `state`, `end_date_gte` and `limit=1` answers one run and, in
 * `total_entries`, every matching run of every DAG. Expectations come from the
 * simulator's own state (its clock must be frozen so that nothing fails
 * meanwhile).
 */
export async function expectRunCountSince(
  sim: AirflowSimulator,
  get: (path: string) => Promise<Reply>,
  api: '/api/v1' | '/api/v2',
) {
  const failedEnds = sim.state.runs
    .map(r => sim.state.viewRun(r))
    .filter(view => view.state === 'failed' && view.endDate !== null)
    .map(view => view.endDate!)
    .sort((a, b) => a - b);
  expect(failedEnds.length).toBeGreaterThan(1);
  const since = failedEnds[Math.floor(failedEnds.length / 2)];
  const counted = await get(
    `${api}/dags/~/dagRuns?state=failed&end_date_gte=${encodeURIComponent(
      new Date(since).toISOString(),
    )}&limit=1`,
  );
  expect(counted.status).toBe(200);
  expect(counted.body.dag_runs).toHaveLength(1);
  expect(Date.parse(counted.body.dag_runs[0].end_date)).toBeGreaterThanOrEqual(
    since,
  );
  expect(counted.body.total_entries).toBe(
    failedEnds.filter(end => end >= since).length,
  );

  const running = await get(`${api}/dags/~/dagRuns?state=running&limit=1`);
  expect(running.status).toBe(200);
  expect(running.body.dag_runs.length).toBeLessThanOrEqual(1);
  expect(running.body.dag_runs.every((r: any) => r.state === 'running')).toBe(
    true,
  );
  expect(running.body.total_entries).toBe(
    sim.state.runs.filter(r => sim.state.viewRun(r).state === 'running').length,
  );
}
