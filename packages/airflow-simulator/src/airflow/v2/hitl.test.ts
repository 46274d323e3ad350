import { AirflowSimulator, startAirflowSimulator } from '../simulator';
import { bearer, call } from '../../testing/client';
import { SEEDED_APPROVAL } from '../../state/hitl';

/*
 * Human-in-the-loop details on a frozen clock: the seeded approval waits on
 * a deferred task of a running run; answering it records who answered and
 * the run resumes; Airflow's 403/404/409/422 answers.
 */

const HOUR = 60 * 60 * 1000;

describe('Airflow 3 human-in-the-loop details', () => {
  let sim: AirflowSimulator;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    sim = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'hitl',
      runSpeed: 100,
      frozenClock: true,
      users: [
        { username: 'admin', password: 'admin' },
        { username: 'viewer', password: 'viewer' },
      ],
    });
    admin = await bearer(sim.url);
    viewer = await bearer(sim.url, 'viewer', 'viewer');
  });
  afterAll(() => sim.close());

  const get = (path: string) => call(sim.url, 'GET', path, { headers: admin });
  const answer = (
    run: string,
    body: unknown,
    headers = admin,
    task = 'approve',
  ) =>
    call(
      sim.url,
      'PATCH',
      `/api/v2/dags/payouts/dagRuns/${run}/taskInstances/${task}/-1/hitlDetails`,
      { headers, body },
    );
  const request = async (body: Record<string, unknown>) => {
    const reply = await call(sim.url, 'POST', '/_simulator/hitl', { body });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('starts with the seeded approval pending on a deferred task of a running run', async () => {
    const listing = await get(
      '/api/v2/dags/~/dagRuns/~/hitlDetails?response_received=false&state=deferred',
    );
    expect(listing.status).toBe(200);
    expect(listing.body.total_entries).toBe(1);
    const [pending] = listing.body.hitl_details;
    expect(pending).toMatchObject({
      subject: SEEDED_APPROVAL.subject,
      options: ['Approve', 'Reject'],
      multiple: false,
      assigned_users: SEEDED_APPROVAL.assignedUsers,
      response_received: false,
      responded_by_user: null,
      chosen_options: null,
      task_instance: {
        dag_id: SEEDED_APPROVAL.dagId,
        dag_run_id: SEEDED_APPROVAL.runId,
        task_id: SEEDED_APPROVAL.taskId,
        map_index: -1,
        state: 'deferred',
      },
    });
    const run = await get(
      `/api/v2/dags/payouts/dagRuns/${SEEDED_APPROVAL.runId}`,
    );
    expect(run.body.state).toBe('running');

    const one = await get(
      `/api/v2/dags/payouts/dagRuns/${SEEDED_APPROVAL.runId}/taskInstances/approve/-1/hitlDetails`,
    );
    expect(one.status).toBe(200);
    expect(one.body.subject).toBe(SEEDED_APPROVAL.subject);
    const firstTry = await get(
      `/api/v2/dags/payouts/dagRuns/${SEEDED_APPROVAL.runId}/taskInstances/approve/-1/hitlDetails/tries/1`,
    );
    expect(firstTry.status).toBe(200);
    expect(firstTry.body.task_instance.try_number).toBe(1);
    expect(firstTry.body.task_instance.id).toBeUndefined();
  });

  it('refuses an answer from a user who is not assigned (403), then takes the assigned one and resumes the run', async () => {
    const created = await request({
      run_id: 'r_assigned',
      assigned_users: ['admin'],
    });
    const refused = await answer(
      created.dag_run_id,
      { chosen_options: ['Approve'] },
      viewer,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      'User=viewer (id=viewer) is not a respondent for the task.',
    );

    const before = sim.state.now();
    const done = await answer(created.dag_run_id, {
      chosen_options: ['Approve'],
      params_input: { note: 'ok' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      responded_by: { id: 'admin', name: 'admin' },
      responded_at: new Date(before).toISOString().replace('Z', '000Z'),
      chosen_options: ['Approve'],
      params_input: { note: 'ok' },
    });
    const again = await answer(created.dag_run_id, {
      chosen_options: ['Reject'],
    });
    expect(again.status).toBe(409);

    sim.advanceTime(HOUR);
    const tis = await get(
      `/api/v2/dags/payouts/dagRuns/${created.dag_run_id}/taskInstances`,
    );
    expect(tis.body.task_instances.map((t: any) => t.state)).toEqual([
      'success',
      'success',
      'success',
      'success',
    ]);
    const run = await get(`/api/v2/dags/payouts/dagRuns/${created.dag_run_id}`);
    expect(run.body.state).toBe('success');
    const answered = await get(
      `/api/v2/dags/~/dagRuns/~/hitlDetails?response_received=true&responded_by_user_name=admin`,
    );
    expect(
      answered.body.hitl_details.map((d: any) => d.task_instance.dag_run_id),
    ).toContain(created.dag_run_id);
  });

  it('lets anyone answer when no user is assigned; Reject skips what follows the approval', async () => {
    const created = await request({ run_id: 'r_open' });
    const done = await answer(
      created.dag_run_id,
      { chosen_options: ['Reject'] },
      viewer,
    );
    expect(done.status).toBe(200);
    sim.advanceTime(HOUR);
    const tis = await get(
      `/api/v2/dags/payouts/dagRuns/${created.dag_run_id}/taskInstances`,
    );
    expect(tis.body.task_instances.map((t: any) => t.state)).toEqual([
      'success',
      'success',
      'skipped',
      'skipped',
    ]);
  });

  it('accepts any non-empty answer as Airflow does; an option outside `options` fails the resumed task', async () => {
    const created = await request({ run_id: 'r_bad' });
    const done = await answer(created.dag_run_id, {
      chosen_options: ['Maybe'],
    });
    expect(done.status).toBe(200);
    sim.advanceTime(HOUR);
    const run = await get(`/api/v2/dags/payouts/dagRuns/${created.dag_run_id}`);
    expect(run.body.state).toBe('failed');
    const tis = await get(
      `/api/v2/dags/payouts/dagRuns/${created.dag_run_id}/taskInstances`,
    );
    expect(tis.body.task_instances.map((t: any) => t.state)).toEqual([
      'success',
      'failed',
      'upstream_failed',
      'upstream_failed',
    ]);
  });

  it("answers Airflow's validation errors and 404s", async () => {
    const created = await request({ run_id: 'r_errors' });
    const empty = await answer(created.dag_run_id, { chosen_options: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.detail[0]).toMatchObject({
      type: 'too_short',
      loc: ['body', 'chosen_options'],
    });
    const missing = await answer(created.dag_run_id, {});
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'chosen_options'],
    });
    const noTask = await answer(
      created.dag_run_id,
      { chosen_options: ['Approve'] },
      admin,
      'nope',
    );
    expect(noTask.status).toBe(404);
    expect(noTask.body.detail).toMatch(
      /task_id: `nope` and map_index: `-1` was not found/,
    );
    const noDetail = await answer(
      created.dag_run_id,
      { chosen_options: ['Approve'] },
      admin,
      'compute_payouts',
    );
    expect(noDetail.status).toBe(404);
    expect(noDetail.body.detail).toMatch(
      /^Human-in-the-loop detail does not exist for Task Instance with id /,
    );
    const badOrder = await get(
      '/api/v2/dags/~/dagRuns/~/hitlDetails?order_by=nope',
    );
    expect(badOrder.status).toBe(400);
  });

  it('pages and filters the listing by DAG and run', async () => {
    const all = await get(
      '/api/v2/dags/~/dagRuns/~/hitlDetails?limit=2&order_by=-created_at',
    );
    expect(all.status).toBe(200);
    expect(all.body.hitl_details).toHaveLength(2);
    expect(all.body.total_entries).toBe(sim.state.hitlDetails.length);
    const oneRun = await get(
      `/api/v2/dags/payouts/dagRuns/${SEEDED_APPROVAL.runId}/hitlDetails`,
    );
    expect(oneRun.body.total_entries).toBe(1);
    const otherDag = await get(
      '/api/v2/dags/orders_daily_load/dagRuns/~/hitlDetails',
    );
    expect(otherDag.body).toEqual({ hitl_details: [], total_entries: 0 });
  });
});
