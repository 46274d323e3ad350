import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import type { z } from 'zod';
import { specOperations } from '../__testUtils__/openApiOperations';
import { errorHandler } from '../router/errorHandler';
import {
  auditQuery,
  entityDagParams,
  entityParams,
  environmentParams,
  importErrorsQuery,
  logParams,
  logQuery,
  runParams,
  runsQuery,
  setPausedBody,
  tasksQuery,
  triggerBody,
} from '../router/requestSchemas';
import { createOpenApiRouter } from './openapi';

/*
 * How Backstage's validated router (`createValidatedOpenApiRouter`, through the
 * generated `createOpenApiRouter`) treats this spec, next to the zod schemas
 * the routes validate with today. Every operation answers 200 from a stub, so
 * only validation decides; where the two disagree the case says why.
 */

type Query = Record<string, string | string[]>;

async function validatedApp(
  validatorOptions: Parameters<typeof createOpenApiRouter>[0] = {
    validatorOptions: { validateSecurity: false },
  },
) {
  const router = await createOpenApiRouter(validatorOptions);
  const reached: express.Request[] = [];
  const generic = router as unknown as express.Router;
  for (const op of specOperations()) {
    generic[op.method](op.expressPath, (req, res) => {
      reached.push(req);
      res.json({ operationId: op.operationId });
    });
  }
  const app = express()
    .use(router)
    .use(errorHandler(mockServices.logger.mock()));
  return { app, reached };
}

function send(
  app: express.Express,
  operationId: string,
  options: { params?: Record<string, string>; query?: Query; body?: unknown },
) {
  const op = specOperations().find(o => o.operationId === operationId)!;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const item of [value].flat()) search.append(key, item);
  }
  const url = `${op.url(options.params)}${search.size ? `?${search}` : ''}`;
  const req = request(app)[op.method](url);
  return options.body === undefined ? req : req.send(options.body as object);
}

/** What the routes check today, per operation: path, query, body. */
const zodSchemas: Record<
  string,
  { path?: z.ZodTypeAny; query?: z.ZodTypeAny; body?: z.ZodTypeAny }
> = {
  ListEnvironments: {},
  GetEnvironment: { path: environmentParams },
  ListImportErrors: { path: environmentParams, query: importErrorsQuery },
  GetEntityDags: { path: entityParams },
  GetDagDetails: { path: entityDagParams },
  ListDagRuns: { path: entityDagParams, query: runsQuery },
  TriggerDagRun: { path: entityDagParams, body: triggerBody },
  SetDagPaused: { path: entityDagParams, body: setPausedBody },
  ListTaskInstances: { path: runParams, query: tasksQuery },
  GetTaskLog: { path: logParams, query: logQuery },
  ListAuditRecords: { query: auditQuery },
};

function zodAccepts(
  operationId: string,
  input: { params?: Record<string, string>; query?: Query; body?: unknown },
): boolean {
  const op = specOperations().find(o => o.operationId === operationId)!;
  const schemas = zodSchemas[operationId];
  const params = { ...op.sampleParams, ...input.params };
  return (
    (schemas.path?.safeParse(params).success ?? true) &&
    (schemas.query?.safeParse(input.query ?? {}).success ?? true) &&
    (schemas.body?.safeParse(input.body ?? {}).success ?? true)
  );
}

interface Case {
  op: string;
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  /** Set where the spec cannot say what zod checks, or says it differently. */
  divergence?: string;
}

/** Long strings as `x×251` in test names. */
function shortStrings(_key: string, value: unknown) {
  return typeof value === 'string' && value.length > 40
    ? `${value[0]}×${value.length}`
    : value;
}

const trigger = { requestId: 'req-1' };
const cases: Case[] = [
  { op: 'GetEnvironment', params: { environment: 'data-prod_2' } },
  { op: 'GetEnvironment', params: { environment: '2prod' } },
  { op: 'GetEnvironment', params: { environment: 'p'.repeat(100) } },
  { op: 'GetEnvironment', params: { environment: 'p'.repeat(101) } },
  { op: 'GetEnvironment', params: { environment: 'da ta' } },
  { op: 'GetEntityDags', params: { name: 'n'.repeat(253) } },
  { op: 'GetEntityDags', params: { name: 'n'.repeat(254) } },
  { op: 'GetEntityDags', params: { kind: 'comp:onent' } },
  { op: 'GetDagDetails', params: { dagId: 'group.task-1_a' } },
  { op: 'GetDagDetails', params: { dagId: 'd'.repeat(250) } },
  { op: 'GetDagDetails', params: { dagId: 'd'.repeat(251) } },
  { op: 'GetDagDetails', params: { dagId: 'a/b' } },
  { op: 'ListTaskInstances', params: { runId: 'manual__2026-01-01' } },
  { op: 'ListTaskInstances', params: { runId: 'a\u0001b' } },
  { op: 'ListTaskInstances', params: { runId: 'r'.repeat(250) } },
  { op: 'ListTaskInstances', params: { runId: 'r'.repeat(251) } },
  { op: 'GetTaskLog', params: { tryNumber: '10000' } },
  { op: 'GetTaskLog', params: { tryNumber: '10001' } },
  { op: 'GetTaskLog', params: { tryNumber: '0' } },
  { op: 'GetTaskLog', params: { tryNumber: '1.5' } },
  { op: 'GetTaskLog', params: { tryNumber: 'one' } },
  { op: 'GetTaskLog', params: { taskId: 'task group' } },
  { op: 'GetTaskLog', query: { mapIndex: '-1', token: 'a/b:c' } },
  { op: 'GetTaskLog', query: { mapIndex: '-2' } },
  { op: 'GetTaskLog', query: { token: 't'.repeat(8192) } },
  { op: 'GetTaskLog', query: { token: 't'.repeat(8193) } },
  { op: 'ListImportErrors', query: { limit: '100', offset: '0' } },
  { op: 'ListImportErrors', query: { limit: '101' } },
  { op: 'ListImportErrors', query: { limit: '0' } },
  { op: 'ListImportErrors', query: { offset: '-1' } },
  { op: 'ListImportErrors', query: { limit: 'ten' } },
  { op: 'ListTaskInstances', query: { limit: '100' } },
  { op: 'ListDagRuns', query: { state: 'failed' } },
  { op: 'ListDagRuns', query: { state: ['queued', 'failed'] } },
  { op: 'ListDagRuns', query: { state: 'queued,failed' } },
  { op: 'ListDagRuns', query: { state: 'paused' } },
  {
    op: 'ListDagRuns',
    query: { state: 'queued,running,success,failed,queued' },
  },
  {
    op: 'ListDagRuns',
    query: { state: 'queued,' },
    divergence: 'zod drops empty items of a comma list',
  },
  {
    op: 'ListAuditRecords',
    query: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00.5+02:00' },
  },
  { op: 'ListAuditRecords', query: { from: '2026-01-01T00:00:00' } },
  { op: 'ListAuditRecords', query: { from: '2026-01-01' } },
  {
    op: 'ListAuditRecords',
    query: { from: '2026-01-01T00:00Z' },
    divergence: 'zod also accepts a time without seconds; date-time does not',
  },
  {
    op: 'ListAuditRecords',
    query: { actor: 'user:default/alice', action: 'dag.trigger' },
  },
  { op: 'ListAuditRecords', query: { action: 'dag.delete' } },
  { op: 'ListAuditRecords', query: { outcome: 'denied', limit: '200' } },
  { op: 'ListAuditRecords', query: { limit: '201' } },
  { op: 'ListAuditRecords', query: { environment: '2prod' } },
  {
    op: 'ListAuditRecords',
    query: { cursor: '' },
    divergence:
      'the validator refuses empty query values; zod allows an empty cursor',
  },
  {
    op: 'ListAuditRecords',
    query: { page: '2' },
    divergence:
      'the validator refuses unknown query parameters; zod ignores them',
  },
  { op: 'TriggerDagRun', body: trigger },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, conf: { a: 1 }, logicalDate: null, note: 'n' },
  },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, logicalDate: '2026-01-01T00:00:00+01:00' },
  },
  { op: 'TriggerDagRun', body: { ...trigger, logicalDate: '2026-01-01' } },
  { op: 'TriggerDagRun', body: { ...trigger, conf: [1] } },
  { op: 'TriggerDagRun', body: { ...trigger, note: 'n'.repeat(1001) } },
  { op: 'TriggerDagRun', body: { ...trigger, unknown: true } },
  { op: 'TriggerDagRun', body: { requestId: 'has space' } },
  { op: 'TriggerDagRun', body: { requestId: 'r'.repeat(101) } },
  { op: 'TriggerDagRun', body: { note: 'no request id' } },
  {
    op: 'TriggerDagRun',
    body: { ...trigger, conf: { big: 'x'.repeat(64 * 1024) } },
    divergence: 'the 64 KiB limit of conf is a size of its JSON, not a schema',
  },
  { op: 'SetDagPaused', body: { isPaused: false } },
  { op: 'SetDagPaused', body: { isPaused: 'yes' } },
  { op: 'SetDagPaused', body: { isPaused: true, dagId: 'other' } },
  { op: 'SetDagPaused', body: {} },
];

describe('the validated router on openapi.yaml', () => {
  // Compiling the spec's validators takes seconds on a busy machine: two
  // apps for the whole file, the second with the validator's security check.
  let shared: Awaited<ReturnType<typeof validatedApp>>;
  let secured: Awaited<ReturnType<typeof validatedApp>>;
  beforeAll(async () => {
    shared = await validatedApp();
    secured = await validatedApp({});
  }, 120_000);
  beforeEach(() => {
    shared.reached.length = 0;
    secured.reached.length = 0;
  });

  it('accepts every operation with its sample parameters and body', async () => {
    for (const op of specOperations()) {
      const res = await send(shared.app, op.operationId, {
        body: op.sampleBody,
      });
      expect({ op: op.operationId, status: res.status }).toEqual({
        op: op.operationId,
        status: 200,
      });
      expect(zodAccepts(op.operationId, { body: op.sampleBody })).toBe(true);
    }
    expect(shared.reached).toHaveLength(specOperations().length);
  }, 60_000);

  it.each(
    cases.map(
      c =>
        [
          c.op,
          JSON.stringify(c.params ?? c.query ?? c.body, shortStrings),
          c,
        ] as const,
    ),
  )(
    '%s %s: same verdict as the zod schemas, or the noted divergence',
    async (_op, _input, testCase) => {
      const res = await send(shared.app, testCase.op, testCase);
      const zod = zodAccepts(testCase.op, testCase);
      // A divergence is asserted too, so that closing it updates this table.
      const expected = testCase.divergence ? !zod : zod;
      expect({ accepted: res.status === 200, status: res.status }).toEqual({
        accepted: expected,
        status: expected ? 200 : 400,
      });
    },
  );

  it("answers invalid input with Backstage's error body and an InputError", async () => {
    const res = await send(shared.app, 'GetTaskLog', {
      params: { tryNumber: '0' },
    });
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

  it('hands path parameters over as strings, query parameters coerced and with defaults', async () => {
    const { app, reached } = shared;
    await send(app, 'GetTaskLog', { query: { token: 'next' } });
    await send(app, 'ListDagRuns', { query: { state: 'queued,failed' } });
    expect(reached[0].params.tryNumber).toBe('1');
    expect(reached[0].query).toEqual({ mapIndex: -1, token: 'next' });
    expect(reached[1].query).toEqual({
      limit: 25,
      offset: 0,
      state: ['queued', 'failed'],
    });
  });

  it('refuses a body that is not JSON before any handler runs', async () => {
    const { app, reached } = shared;
    const res = await send(app, 'SetDagPaused', {})
      .set('Content-Type', 'application/json')
      .send('{"isPaused": tru');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(reached).toHaveLength(0);
  });

  it("turns the spec's security into a 400 unless validateSecurity is off", async () => {
    const { app, reached } = secured;
    const res = await send(app, 'ListEnvironments', {});
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'Authorization header required',
    });
    expect(reached).toHaveLength(0);
  });
});
