import {
  type AirflowSimulator,
  requestApproval,
} from '@airflow-portal/airflow-simulator';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  type SimulatorStack,
  type StackEnvironmentName,
  startSimulatorStack,
} from '../__testUtils__/simulatorStack';
import {
  boundComponent,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

/*
 * Answers to approvals and backfill actions on the simulator's wire shapes:
 * Airflow 3 with a JWT and behind the MWAA front, Airflow 2 directly and
 * behind the front (refused: not supported). Each: allowed, denied, failed
 * upstream, retried with the same requestId, and its audit record.
 */

jest.setTimeout(120_000);

const auth = { Authorization: mockCredentials.user.header() };
const ACTOR = mockCredentials.user().principal.userEntityRef;
const HITL_ROUTE =
  'PATCH /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails';
const AIRFLOW3: StackEnvironmentName[] = ['jwt', 'mwaa-af3'];
const AIRFLOW2: StackEnvironmentName[] = ['basic', 'mwaa-af2'];
const DAY = 24 * 60 * 60 * 1000;

/** Permission names denied in the current test. */
let denied = new Set<string>();
const decide = (names: string[]) =>
  names.map(name => ({
    result: denied.has(name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  })) as any;
const permissions = mockServices.permissions.mock({
  authorize: (async requests =>
    decide(
      requests.map(r => r.permission.name),
    )) as PermissionsService['authorize'],
  authorizeConditional: (async requests =>
    decide(
      requests.map(r => r.permission.name),
    )) as PermissionsService['authorizeConditional'],
});

interface AuditItem {
  action: string;
  outcome: string;
  runId?: string;
  upstreamStatus?: number;
  actor: string;
  requestId?: string;
}

describe('approvals and backfills against the simulator', () => {
  let stack: SimulatorStack;
  let backend: Awaited<ReturnType<typeof startAirflowTestBackend>>;

  beforeAll(async () => {
    stack = await startSimulatorStack();
    const configs = stack.environmentConfigs();
    backend = await startAirflowTestBackend({
      environments: Object.entries(configs).map(([name, { config }]) => ({
        name,
        ...config,
      })),
      entities: [
        boundComponent(
          'payments',
          Object.keys(configs).join(', '),
          'payouts, orders_daily_load',
        ),
      ],
      services: [permissions.factory],
    });
  });

  beforeEach(() => {
    denied = new Set();
  });

  afterAll(async () => {
    await backend.stop();
    await stack.close();
  });

  const dagBase = (environment: string, dagId: string) =>
    `/api/airflow/entities/default/component/payments/environments/${environment}/dags/${dagId}`;
  const audit = async (environment: string, dagId: string) =>
    (
      await request(backend.server)
        .get(`/api/airflow/audit?dagId=${dagId}&environment=${environment}`)
        .set(auth)
    ).body.items as AuditItem[];
  const hitlPatches = (sim: AirflowSimulator) =>
    sim.stats().byRoute[HITL_ROUTE] ?? 0;

  describe('answers to approvals', () => {
    /** A new approval of `payouts`; short run ids keep the answer's path within MWAA's 64 characters. */
    const pending = (
      sim: AirflowSimulator,
      runId: string,
      assignedUsers = [{ id: 'admin', name: 'admin' }],
    ) => {
      const created = requestApproval(sim.state, {
        dagId: 'payouts',
        runId,
        assignedUsers,
      });
      if (!created.ok) throw new Error(created.reason);
      return created.record;
    };
    const answer = (
      environment: string,
      runId: string,
      body: Record<string, unknown>,
      dagId = 'payouts',
    ) =>
      request(backend.server)
        .post(
          `${dagBase(environment, dagId)}/runs/${encodeURIComponent(
            runId,
          )}/tasks/approve/approval`,
        )
        .set(auth)
        .send(body);

    it.each(AIRFLOW3)(
      '%s: answers as the portal, once for a retried request, audited as the user',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        const runId = `${environment[0]}1`;
        const record = pending(sim, runId);
        const body = {
          requestId: `answer-${environment}`,
          chosenOptions: ['Approve'],
        };
        const first = await answer(environment, runId, body);
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({
          respondedBy: { id: 'admin', name: 'admin' },
          chosenOptions: ['Approve'],
        });
        expect(record.response).toMatchObject({
          by: { id: 'admin', name: 'admin' },
          chosenOptions: ['Approve'],
        });
        const answeredAt = record.response!.at;

        const retried = await answer(environment, runId, body);
        expect(retried.status).toBe(200);
        // Airflow kept the first answer (its 409 to the second was that answer).
        expect(record.response!.at).toBe(answeredAt);

        const records = (await audit(environment, 'payouts')).filter(
          r => r.runId === runId,
        );
        expect(records.map(r => [r.action, r.outcome])).toEqual([
          ['hitl.respond', 'deduplicated'],
          ['hitl.respond', 'succeeded'],
        ]);
        expect(records[1]).toMatchObject({
          actor: ACTOR,
          requestId: body.requestId,
          upstreamStatus: 200,
        });
      },
    );

    it.each(AIRFLOW3)(
      '%s: denied: 403 and a denied record, nothing sent to Airflow',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        const runId = `${environment[0]}2`;
        const record = pending(sim, runId);
        denied = new Set(['airflow.dag.hitl.respond']);
        const patches = hitlPatches(sim);
        const res = await answer(environment, runId, {
          requestId: `denied-${environment}`,
          chosenOptions: ['Approve'],
        });
        expect(res.status).toBe(403);
        expect(hitlPatches(sim)).toBe(patches);
        expect(record.response).toBeUndefined();
        denied = new Set();
        const records = (await audit(environment, 'payouts')).filter(
          r => r.requestId === `denied-${environment}`,
        );
        expect(records.map(r => [r.action, r.outcome])).toEqual([
          ['hitl.respond', 'denied'],
        ]);
      },
    );

    it.each(AIRFLOW3)(
      "%s: failed upstream: Airflow's 403 (the portal's user is not assigned) is a 502 that says so",
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        const runId = `${environment[0]}3`;
        const record = pending(sim, runId, [{ id: 'ops', name: 'ops' }]);
        const res = await answer(environment, runId, {
          requestId: `failed-${environment}`,
          chosenOptions: ['Approve'],
        });
        expect(res.status).toBe(502);
        expect(res.body.error.message).toContain('assigned_users');
        expect(record.response).toBeUndefined();
        const records = (await audit(environment, 'payouts')).filter(
          r => r.runId === runId,
        );
        expect(records).toEqual([
          expect.objectContaining({ outcome: 'failed', upstreamStatus: 403 }),
        ]);
      },
    );

    it('mwaa-af3: an answer whose path is over 64 characters is a 422 that says why', async () => {
      const { sim } = stack.environmentConfigs()['mwaa-af3'];
      const runId = 'manual__2026-11-30T01:00:00+00:00';
      const record = pending(sim, runId);
      const patches = hitlPatches(sim);
      const res = await answer('mwaa-af3', runId, {
        requestId: 'long-path',
        chosenOptions: ['Approve'],
      });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toContain(
        'longer than the connection allows',
      );
      expect(hitlPatches(sim)).toBe(patches);
      expect(record.response).toBeUndefined();
      const records = (await audit('mwaa-af3', 'payouts')).filter(
        r => r.runId === runId,
      );
      expect(records.map(r => r.outcome)).toEqual(['failed']);
    });

    it.each(AIRFLOW2)(
      '%s: refused as not supported by Airflow 2, recorded, nothing sent',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        sim.resetStats();
        // Airflow 2 has no `payouts` (its approval task needs Airflow 3.1).
        const res = await answer(
          environment,
          'r1',
          { requestId: `af2-${environment}`, chosenOptions: ['Approve'] },
          'orders_daily_load',
        );
        expect(res.status).toBe(501);
        expect(res.body.error.message).toContain('not supported by Airflow 2');
        expect(
          Object.keys(sim.stats().byRoute).filter(r => r.includes('hitl')),
        ).toEqual([]);
        const records = (await audit(environment, 'orders_daily_load')).filter(
          r => r.action === 'hitl.respond',
        );
        expect(records.map(r => r.outcome)).toEqual(['failed']);
      },
    );
  });

  describe('backfills', () => {
    const DAG = 'orders_daily_load';
    /** A range of past days per environment, before the seeded history, so no two tests share a run. */
    const range = (sim: AirflowSimulator, daysAgo: number) => ({
      fromDate: new Date(sim.state.now() - daysAgo * DAY).toISOString(),
      toDate: new Date(sim.state.now() - (daysAgo - 2) * DAY).toISOString(),
      maxActiveRuns: 1,
    });
    const create = (environment: string, body: Record<string, unknown>) =>
      request(backend.server)
        .post(`${dagBase(environment, DAG)}/backfills`)
        .set(auth)
        .send(body);
    const change = (environment: string, id: number, action: string) =>
      request(backend.server)
        .patch(`${dagBase(environment, DAG)}/backfills/${id}`)
        .set(auth)
        .send({ action });

    it.each([
      ['jwt', 60],
      ['mwaa-af3', 50],
    ] as const)(
      '%s: previews, creates once per requestId, pauses, unpauses and cancels, each audited',
      async (environment, daysAgo) => {
        const { sim } = stack.environmentConfigs()[environment];
        const spec = range(sim, daysAgo);
        const backfillsBefore = sim.state.backfills.list(DAG).length;
        const preview = await request(backend.server)
          .get(`${dagBase(environment, DAG)}/backfills/preview`)
          .query(spec)
          .set(auth);
        expect(preview.status).toBe(200);
        expect(preview.body.totalEntries).toBeGreaterThan(0);
        expect(sim.state.backfills.list(DAG)).toHaveLength(backfillsBefore);

        const body = { ...spec, requestId: `backfill-${environment}` };
        const created = await create(environment, body);
        expect(created.status).toBe(200);
        const id = created.body.id;
        const retried = await create(environment, body);
        expect(retried.status).toBe(200);
        expect(retried.body.id).toBe(id);
        expect(sim.state.backfills.list(DAG)).toHaveLength(backfillsBefore + 1);
        const backfill = sim.state.backfills.get(id)!;
        expect(backfill.runs).toHaveLength(preview.body.totalEntries);

        const paused = await change(environment, id, 'pause');
        expect(paused.body.isPaused).toBe(true);
        expect(backfill.isPaused).toBe(true);
        const unpaused = await change(environment, id, 'unpause');
        expect(unpaused.body.isPaused).toBe(false);
        const cancelled = await change(environment, id, 'cancel');
        expect(cancelled.body.completedAt).toEqual(expect.any(String));
        expect(sim.state.backfills.completedAt(backfill)).not.toBeNull();
        // A retried cancel meets Airflow's 409 "already completed": done.
        expect((await change(environment, id, 'cancel')).status).toBe(200);

        const records = (await audit(environment, DAG)).filter(r =>
          r.action.startsWith('backfill.'),
        );
        expect(
          records.slice(0, 6).map(r => `${r.action} ${r.outcome}`),
        ).toEqual([
          'backfill.cancel deduplicated',
          'backfill.cancel succeeded',
          'backfill.unpause succeeded',
          'backfill.pause succeeded',
          'backfill.create deduplicated',
          'backfill.create succeeded',
        ]);
        expect(records[5]).toMatchObject({
          actor: ACTOR,
          requestId: body.requestId,
          runId: `backfill:${id}`,
        });
      },
    );

    it.each(AIRFLOW3)(
      '%s: denied: 403 and a denied record, nothing created',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        const before = sim.state.backfills.list(DAG).length;
        denied = new Set(['airflow.dag.backfill']);
        const res = await create(environment, {
          ...range(sim, 40),
          requestId: `denied-${environment}`,
        });
        expect(res.status).toBe(403);
        expect(sim.state.backfills.list(DAG)).toHaveLength(before);
        denied = new Set();
        const [record] = await audit(environment, DAG);
        expect(record).toMatchObject({
          action: 'backfill.create',
          outcome: 'denied',
          requestId: `denied-${environment}`,
        });
      },
    );

    it.each(AIRFLOW3)(
      '%s: failed upstream: a failed record with the status, a 502',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        const before = sim.state.backfills.list(DAG).length;
        sim.addFault({
          route: 'POST /api/v2/backfills',
          status: 500,
          count: 1,
        });
        const res = await create(environment, {
          ...range(sim, 30),
          requestId: `failed-${environment}`,
        });
        expect(res.status).toBe(502);
        expect(sim.state.backfills.list(DAG)).toHaveLength(before);
        const [record] = await audit(environment, DAG);
        expect(record).toMatchObject({
          action: 'backfill.create',
          outcome: 'failed',
          upstreamStatus: 500,
        });
      },
    );

    it.each(AIRFLOW2)(
      '%s: refused as not supported by Airflow 2, recorded, nothing sent',
      async environment => {
        const { sim } = stack.environmentConfigs()[environment];
        sim.resetStats();
        const res = await create(environment, {
          ...range(sim, 60),
          requestId: `af2-${environment}`,
        });
        expect(res.status).toBe(501);
        expect(res.body.error.message).toContain('not supported by Airflow 2');
        const paused = await change(environment, 1, 'pause');
        expect(paused.status).toBe(501);
        expect(
          Object.keys(sim.stats().byRoute).filter(r => r.includes('backfill')),
        ).toEqual([]);
        const records = (await audit(environment, DAG)).filter(r =>
          r.action.startsWith('backfill.'),
        );
        expect(records.map(r => `${r.action} ${r.outcome}`)).toEqual([
          'backfill.pause failed',
          'backfill.create failed',
        ]);
      },
    );
  });
});
