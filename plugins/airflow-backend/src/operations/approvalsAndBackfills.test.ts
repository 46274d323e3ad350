import { mockCredentials } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { boundComponent } from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { UpstreamError } from '../transport/errors';

/*
 * Answers to approvals and backfill actions through the routes, on Airflow 3
 * (the in-memory one) and Airflow 2 (apiVersion v1): allowed, denied, failed
 * upstream, retried with the same requestId, and the audit record of each.
 */

jest.setTimeout(60_000);

const alice = mockCredentials.user.header('user:default/alice');
const RUN_ID = 'manual__2026-11-22T07:00:00+00:00';
const base = (environment: string) =>
  `/entities/default/component/shop/environments/${environment}/dags/checkout`;
const approvalUrl = (environment = 'prod') =>
  `${base(environment)}/runs/${encodeURIComponent(
    RUN_ID,
  )}/tasks/approve/approval`;

/** Permission names denied to alice in the current test. */
let denied = new Set<string>();
const authorize: PermissionsService['authorize'] = async requests =>
  requests.map(req => ({
    result: denied.has(req.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  }));
const authorizeConditional: PermissionsService['authorizeConditional'] =
  async requests =>
    requests.map(req => ({
      result: denied.has(req.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));

let app: RouterTestApp;

beforeAll(async () => {
  app = await startRouterTestApp({
    environments: [
      testEnvironment('prod'),
      { ...testEnvironment('legacy'), apiVersion: 'v1' },
    ],
    dags: [{ dagId: 'checkout', tags: [], runs: 1 }],
    entities: [
      {
        ...boundComponent('shop', 'prod, legacy', 'checkout'),
      },
    ],
    authorize,
    authorizeConditional,
  });
});

beforeEach(async () => {
  denied = new Set();
  await app.reset();
  app.airflow.prod.hitlAndBackfills.approvals.push({
    dagId: 'checkout',
    runId: RUN_ID,
    taskId: 'approve',
  });
});

const upstreamCalls = (environment = 'prod') =>
  app.airflow[environment].calls.map(c => `${c.method} ${c.path}`);

describe('approvals', () => {
  const answer = { requestId: 'answer-1', chosenOptions: ['Approve'] };

  it('lists the pending approval on the entity, then answers it as the portal, audited as the user', async () => {
    const listed = await request(app.url)
      .get('/entities/default/component/shop/approvals')
      .set('Authorization', alice);
    expect(listed.status).toBe(200);
    expect(listed.body.environments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          environment: 'prod',
          supported: true,
          approvals: [
            expect.objectContaining({ dagId: 'checkout', taskId: 'approve' }),
          ],
        }),
        expect.objectContaining({ environment: 'legacy', supported: false }),
      ]),
    );

    const res = await request(app.url)
      .post(approvalUrl())
      .set('Authorization', alice)
      .send({ ...answer, paramsInput: { token: 's3cr3t', reason: 'ok' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      respondedBy: { id: 'portal' },
      chosenOptions: ['Approve'],
    });
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({
      actor: 'user:default/alice',
      action: 'hitl.respond',
      environment: 'prod',
      dagId: 'checkout',
      runId: RUN_ID,
      requestId: 'answer-1',
      outcome: 'succeeded',
      upstreamStatus: 200,
      conf: {
        taskId: 'approve',
        chosenOptions: ['Approve'],
        paramsInput: { token: '[REDACTED]', reason: 'ok' },
      },
    });

    // Answered: the cached listing was refreshed, the approval is gone.
    const after = await request(app.url)
      .get('/entities/default/component/shop/approvals')
      .set('Authorization', alice);
    const prod = after.body.environments.find(
      (e: { environment: string }) => e.environment === 'prod',
    );
    expect(prod.approvals).toEqual([]);
  });

  it('answers a retry with the same requestId from Airflow, without a second answer', async () => {
    for (const expected of [200, 200]) {
      const res = await request(app.url)
        .post(approvalUrl())
        .set('Authorization', alice)
        .send(answer);
      expect(res.status).toBe(expected);
    }
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual([
      'deduplicated',
      'succeeded',
    ]);
    // Another request meets Airflow's one-answer rule.
    const other = await request(app.url)
      .post(approvalUrl())
      .set('Authorization', alice)
      .send({ ...answer, requestId: 'answer-2', chosenOptions: ['Reject'] });
    expect(other.status).toBe(409);
  });

  it('denied: one denied record, nothing sent to Airflow but the DAG facts', async () => {
    denied = new Set(['airflow.dag.hitl.respond']);
    const res = await request(app.url)
      .post(approvalUrl())
      .set('Authorization', alice)
      .send(answer);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('airflow.dag.hitl.respond');
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual(['denied']);
    expect(upstreamCalls().filter(c => c.includes('hitlDetails'))).toEqual([]);
  });

  it("failed upstream: Airflow's 403 (portal not assigned) is a failed record and a 502 that says so", async () => {
    app.airflow.prod.hitlAndBackfills.approvals[0].assignedUsers = [
      { id: 'someone-else', name: 'someone-else' },
    ];
    const res = await request(app.url)
      .post(approvalUrl())
      .set('Authorization', alice)
      .send(answer);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('assigned_users');
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({ outcome: 'failed', upstreamStatus: 403 });
  });

  it('Airflow 2: 501 not supported, recorded as failed, no upstream call', async () => {
    const res = await request(app.url)
      .post(approvalUrl('legacy'))
      .set('Authorization', alice)
      .send(answer);
    expect(res.status).toBe(501);
    expect(res.body.error.message).toContain('not supported by Airflow 2');
    expect(upstreamCalls('legacy')).toEqual([]);
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual(['failed']);
  });

  it('counts the pending approvals per environment for the overview', async () => {
    const res = await request(app.url)
      .get('/approval-counts')
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    expect(res.body.environments).toEqual([
      { environment: 'prod', supported: true, pending: 1 },
      { environment: 'legacy', supported: false },
    ]);
  });
});

describe('backfills', () => {
  const spec = {
    fromDate: '2026-11-01T00:00:00Z',
    toDate: '2026-11-03T00:00:00Z',
    reprocessBehavior: 'failed',
    maxActiveRuns: 2,
  };

  it('previews the runs, creates the backfill once per requestId, lists it', async () => {
    const preview = await request(app.url)
      .get(`${base('prod')}/backfills/preview`)
      .query(spec)
      .set('Authorization', alice);
    expect(preview.status).toBe(200);
    expect(preview.body.totalEntries).toBe(3);
    // A preview creates nothing and is not an action.
    expect(await app.auditRecords()).toEqual([]);

    app.airflow.prod.hitlAndBackfills.oneRunningBackfillPerDag = true;
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request(app.url)
        .post(`${base('prod')}/backfills`)
        .set('Authorization', alice)
        .send({ ...spec, requestId: 'backfill-1' });
      expect(res.status).toBe(200);
      ids.push(res.body.id);
    }
    expect(ids[1]).toBe(ids[0]);
    expect(app.airflow.prod.hitlAndBackfills.backfills).toHaveLength(1);
    const records = await app.auditRecords();
    expect(records.map(r => r.outcome)).toEqual(['deduplicated', 'succeeded']);
    expect(records[1]).toMatchObject({
      action: 'backfill.create',
      requestId: 'backfill-1',
      conf: {
        fromDate: spec.fromDate,
        toDate: spec.toDate,
        reprocessBehavior: 'failed',
        maxActiveRuns: 2,
      },
    });

    // Another request while it runs: Airflow's 409 stands.
    const other = await request(app.url)
      .post(`${base('prod')}/backfills`)
      .set('Authorization', alice)
      .send({ ...spec, requestId: 'backfill-2' });
    expect(other.status).toBe(409);

    const list = await request(app.url)
      .get(`${base('prod')}/backfills`)
      .set('Authorization', alice);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: ids[0], dagId: 'checkout' }),
    ]);
  });

  it('pauses, unpauses and cancels; a retried cancel is deduplicated', async () => {
    app.airflow.prod.hitlAndBackfills.backfills.push({
      id: 5,
      dagId: 'checkout',
      fromDate: spec.fromDate,
      toDate: spec.toDate,
    });
    const change = (action: string) =>
      request(app.url)
        .patch(`${base('prod')}/backfills/5`)
        .set('Authorization', alice)
        .send({ action });
    expect((await change('pause')).body.isPaused).toBe(true);
    expect((await change('unpause')).body.isPaused).toBe(false);
    const cancelled = await change('cancel');
    expect(cancelled.body.completedAt).toEqual(expect.any(String));
    expect((await change('cancel')).status).toBe(200);
    expect(
      (await app.auditRecords()).map(r => `${r.action} ${r.outcome}`),
    ).toEqual([
      'backfill.cancel deduplicated',
      'backfill.cancel succeeded',
      'backfill.unpause succeeded',
      'backfill.pause succeeded',
    ]);
  });

  it("refuses a backfill of another DAG: 404, and Airflow's is untouched", async () => {
    app.airflow.prod.hitlAndBackfills.backfills.push({
      id: 9,
      dagId: 'payments',
      fromDate: spec.fromDate,
      toDate: spec.toDate,
    });
    const res = await request(app.url)
      .patch(`${base('prod')}/backfills/9`)
      .set('Authorization', alice)
      .send({ action: 'cancel' });
    expect(res.status).toBe(404);
    expect(app.airflow.prod.hitlAndBackfills.backfills[0].completedAt).toBe(
      undefined,
    );
    expect(upstreamCalls().filter(c => c.startsWith('PUT'))).toEqual([]);
  });

  it('denied: preview 403, creation one denied record', async () => {
    denied = new Set(['airflow.dag.backfill']);
    const preview = await request(app.url)
      .get(`${base('prod')}/backfills/preview`)
      .query(spec)
      .set('Authorization', alice);
    expect(preview.status).toBe(403);
    const res = await request(app.url)
      .post(`${base('prod')}/backfills`)
      .set('Authorization', alice)
      .send({ ...spec, requestId: 'backfill-1' });
    expect(res.status).toBe(403);
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual(['denied']);
    expect(upstreamCalls().filter(c => c.includes('backfills'))).toEqual([]);
  });

  it('failed upstream: a failed record with the status, the error passed on', async () => {
    app.airflow.prod.failPaths.set(
      '/backfills',
      new UpstreamError('Airflow answered 500', {
        environment: 'prod',
        kind: 'http',
        status: 500,
      }),
    );
    const res = await request(app.url)
      .post(`${base('prod')}/backfills`)
      .set('Authorization', alice)
      .send({ ...spec, requestId: 'backfill-1' });
    expect(res.status).toBe(502);
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({ outcome: 'failed', upstreamStatus: 500 });
  });

  it('Airflow 2: 501 not supported, nothing sent', async () => {
    const res = await request(app.url)
      .post(`${base('legacy')}/backfills`)
      .set('Authorization', alice)
      .send({ ...spec, requestId: 'backfill-1' });
    expect(res.status).toBe(501);
    expect(res.body.error.message).toContain('not supported by Airflow 2');
    expect(upstreamCalls('legacy')).toEqual([]);
  });

  it('rejects a range that ends before it starts, recorded', async () => {
    const res = await request(app.url)
      .post(`${base('prod')}/backfills`)
      .set('Authorization', alice)
      .send({
        ...spec,
        fromDate: spec.toDate,
        toDate: spec.fromDate,
        requestId: 'backfill-1',
      });
    expect(res.status).toBe(400);
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual([
      'rejected',
    ]);
  });
});
