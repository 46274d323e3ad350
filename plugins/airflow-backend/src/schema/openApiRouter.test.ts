import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { specOperations } from '../__testUtils__/openApiOperations';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { boundComponent } from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';

/*
 * What the router accepts, decided by openapi.yaml through Backstage's
 * validated router, and by the checks a spec cannot state (a trigger's conf
 * size). A refused request is a 400 `InputError` before any upstream call;
 * an accepted one gets past validation (and is answered 200, or 404 for an
 * environment or entity the test does not know).
 */

jest.setTimeout(60_000);

type Query = Record<string, string | string[]>;

interface Case {
  op: string;
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  accepted: boolean;
  /** Why, where it is not what the input's look suggests. */
  because?: string;
  /**
   * Not a request of the spec, so sent past the test proxy, which would
   * count its acceptance as a mismatch.
   */
  outsideSpec?: boolean;
}

const auth = { Authorization: mockCredentials.user.header() };
const operations = specOperations({
  namespace: 'default',
  kind: 'component',
  name: 'shop',
  environment: 'prod',
  dagId: 'checkout',
});

let app: RouterTestApp;
beforeAll(async () => {
  app = await startRouterTestApp({
    environments: [testEnvironment('prod')],
    dags: [{ dagId: 'checkout', tags: [], runs: 3 }],
    entities: [boundComponent('shop', 'prod', 'checkout')],
  });
});
beforeEach(() => app.reset());

function send(testCase: Omit<Case, 'accepted'>) {
  const op = operations.find(o => o.operationId === testCase.op)!;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(testCase.query ?? {})) {
    for (const item of [value].flat()) search.append(key, item);
  }
  const url = `${op.url(testCase.params)}${search.size ? `?${search}` : ''}`;
  const req = request(testCase.outsideSpec ? app.unchecked : app.url)
    [op.method](url)
    .set(auth);
  return testCase.body === undefined ? req : req.send(testCase.body as object);
}

/** Long strings as `x×251` in test names. */
function shortStrings(_key: string, value: unknown) {
  return typeof value === 'string' && value.length > 40
    ? `${value[0]}×${value.length}`
    : value;
}

const trigger = { requestId: 'req-1' };
const cases: Case[] = [
  {
    op: 'GetEnvironment',
    params: { environment: 'data-prod_2' },
    accepted: true,
  },
  { op: 'GetEnvironment', params: { environment: '2prod' }, accepted: false },
  {
    op: 'GetEnvironment',
    params: { environment: 'p'.repeat(100) },
    accepted: true,
  },
  {
    op: 'GetEnvironment',
    params: { environment: 'p'.repeat(101) },
    accepted: false,
  },
  { op: 'GetEnvironment', params: { environment: 'da ta' }, accepted: false },
  { op: 'GetEntityDags', params: { name: 'n'.repeat(253) }, accepted: true },
  { op: 'GetEntityDags', params: { name: 'n'.repeat(254) }, accepted: false },
  { op: 'GetEntityDags', params: { kind: 'comp:onent' }, accepted: false },
  { op: 'GetDagDetails', params: { dagId: 'group.task-1_a' }, accepted: true },
  { op: 'GetDagDetails', params: { dagId: 'd'.repeat(250) }, accepted: true },
  { op: 'GetDagDetails', params: { dagId: 'd'.repeat(251) }, accepted: false },
  { op: 'GetDagDetails', params: { dagId: 'a/b' }, accepted: false },
  {
    op: 'ListTaskInstances',
    params: { runId: 'manual__2026-01-01' },
    accepted: true,
  },
  { op: 'ListTaskInstances', params: { runId: 'a\u0001b' }, accepted: false },
  {
    op: 'ListTaskInstances',
    params: { runId: 'r'.repeat(250) },
    accepted: true,
  },
  {
    op: 'ListTaskInstances',
    params: { runId: 'r'.repeat(251) },
    accepted: false,
  },
  { op: 'GetTaskLog', params: { tryNumber: '10000' }, accepted: true },
  { op: 'GetTaskLog', params: { tryNumber: '10001' }, accepted: false },
  { op: 'GetTaskLog', params: { tryNumber: '0' }, accepted: false },
  { op: 'GetTaskLog', params: { tryNumber: '1.5' }, accepted: false },
  { op: 'GetTaskLog', params: { tryNumber: 'one' }, accepted: false },
  { op: 'GetTaskLog', params: { taskId: 'task group' }, accepted: false },
  {
    op: 'GetTaskLog',
    query: { mapIndex: '-1', token: 'a/b:c' },
    accepted: true,
  },
  { op: 'GetTaskLog', query: { mapIndex: '-2' }, accepted: false },
  { op: 'GetTaskLog', query: { token: 't'.repeat(8192) }, accepted: true },
  { op: 'GetTaskLog', query: { token: 't'.repeat(8193) }, accepted: false },
  {
    op: 'ListImportErrors',
    query: { limit: '100', offset: '0' },
    accepted: true,
  },
  { op: 'ListImportErrors', query: { limit: '101' }, accepted: false },
  { op: 'ListImportErrors', query: { limit: '0' }, accepted: false },
  { op: 'ListImportErrors', query: { offset: '-1' }, accepted: false },
  { op: 'ListImportErrors', query: { limit: 'ten' }, accepted: false },
  { op: 'ListTaskInstances', query: { limit: '100' }, accepted: true },
  { op: 'ListDagRuns', query: { state: 'failed' }, accepted: true },
  {
    op: 'ListDagRuns',
    query: { state: ['queued', 'failed'] },
    accepted: true,
    because: 'the validator also reads repeated keys; the spec has commas',
    outsideSpec: true,
  },
  { op: 'ListDagRuns', query: { state: 'queued,failed' }, accepted: true },
  { op: 'ListDagRuns', query: { state: 'paused' }, accepted: false },
  {
    op: 'ListDagRuns',
    query: { state: 'queued,running,success,failed,queued' },
    accepted: false,
  },
  {
    op: 'ListDagRuns',
    query: { state: 'queued,' },
    accepted: false,
    because: 'an empty item of a comma list is not a state',
  },
  {
    op: 'ListAuditRecords',
    query: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00.5+02:00' },
    accepted: true,
  },
  {
    op: 'ListAuditRecords',
    query: { from: '2026-01-01T00:00:00' },
    accepted: false,
  },
  { op: 'ListAuditRecords', query: { from: '2026-01-01' }, accepted: false },
  {
    op: 'ListAuditRecords',
    query: { from: '2026-01-01T00:00Z' },
    accepted: false,
    because: 'a date-time has seconds',
  },
  {
    op: 'ListAuditRecords',
    query: { actor: 'user:default/alice', action: 'dag.trigger' },
    accepted: true,
  },
  { op: 'ListAuditRecords', query: { action: 'dag.delete' }, accepted: false },
  {
    op: 'ListAuditRecords',
    query: { outcome: 'denied', limit: '200' },
    accepted: true,
  },
  { op: 'ListAuditRecords', query: { limit: '201' }, accepted: false },
  { op: 'ListAuditRecords', query: { environment: '2prod' }, accepted: false },
  {
    op: 'ListAuditRecords',
    query: { cursor: '' },
    accepted: false,
    because: 'query values may not be empty',
  },
  {
    op: 'ListAuditRecords',
    query: { page: '2' },
    accepted: false,
    because: 'query parameters the spec does not list are refused',
  },
  { op: 'TriggerDagRun', body: trigger, accepted: true },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, conf: { a: 1 }, logicalDate: null, note: 'n' },
    accepted: true,
  },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, logicalDate: '2026-01-01T00:00:00+01:00' },
    accepted: true,
  },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, logicalDate: '2026-01-01' },
    accepted: false,
  },
  { op: 'TriggerDagRun', body: { ...trigger, conf: [1] }, accepted: false },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, note: 'n'.repeat(1001) },
    accepted: false,
  },
  { op: 'TriggerDagRun', body: { ...trigger, unknown: true }, accepted: false },
  { op: 'TriggerDagRun', body: { requestId: 'has space' }, accepted: false },
  {
    op: 'TriggerDagRun',
    body: { requestId: 'r'.repeat(101) },
    accepted: false,
  },
  { op: 'TriggerDagRun', body: { note: 'no request id' }, accepted: false },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, conf: { big: 'x'.repeat(64 * 1024) } },
    accepted: false,
    because: "the router's own check: 64 KiB of JSON is no schema",
  },
  { op: 'SetDagPaused', body: { isPaused: false }, accepted: true },
  { op: 'SetDagPaused', body: { isPaused: 'yes' }, accepted: false },
  {
    op: 'SetDagPaused',
    body: { isPaused: true, dagId: 'other' },
    accepted: false,
  },
  { op: 'SetDagPaused', body: {}, accepted: false },
];

describe('what the router accepts', () => {
  it.each(
    cases.map(
      c =>
        [
          c.op,
          JSON.stringify(c.params ?? c.query ?? c.body, shortStrings),
          c.accepted ? 'accepted' : 'refused',
          c,
        ] as const,
    ),
  )('%s %s: %s', async (_op, _input, _verdict, testCase) => {
    const res = await send(testCase);
    const refused = res.status === 400;
    expect({
      refused,
      error: refused ? res.body.error.name : undefined,
    }).toEqual({
      refused: !testCase.accepted,
      error: testCase.accepted ? undefined : 'InputError',
    });
    // A refusal comes before Airflow is asked anything.
    expect(refused && app.airflow.prod.calls.length > 0).toBe(false);
  });

  it("answers invalid input with Backstage's error body naming the problem", async () => {
    const res = await send({ op: 'GetTaskLog', params: { tryNumber: '0' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        name: 'InputError',
        message: 'request/params/tryNumber must be >= 1',
      },
      request: { method: 'GET', url: expect.stringContaining('/logs/0') },
      response: { statusCode: 400 },
    });
  });

  it('passes query integers as numbers, with the spec defaults, and comma lists as lists', async () => {
    await send({ op: 'ListDagRuns', query: { state: 'queued,failed' } });
    await send({ op: 'GetTaskLog', query: { token: 'next' } });
    const [runs, log] = app.airflow.prod.calls;
    expect(runs.body).toMatchObject({
      states: ['queued', 'failed'],
      page_offset: 0,
      page_limit: 25,
    });
    expect(log.path).toMatch(/\/logs\/1$/);
    expect(log.query).toEqual({ map_index: -1, token: 'next' });
  });
});
