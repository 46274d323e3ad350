import type {
  AirflowApiVersion,
  AirflowAuditAction,
  AirflowAuditOutcome,
  AirflowAuditPage,
  AirflowAuditRecord,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagParam,
  AirflowDagGrid,
  AirflowDagRun,
  AirflowDagVersion,
  AirflowDagVersionsResponse,
  AirflowDagWithRuns,
  AirflowEventLogEntry,
  AirflowMissingDag,
  AirflowEnvironmentStatus,
  AirflowEnvironmentSummary,
  AirflowErrorInfo,
  AirflowHealth,
  AirflowImportError,
  AirflowImportErrorPage,
  AirflowImportErrorScope,
  AirflowInventoryDag,
  AirflowInventoryEnvironment,
  AirflowInventoryResponse,
  AirflowLogChunk,
  AirflowLogLine,
  AirflowPage,
  AirflowTaskInstance,
  AirflowTransportKind,
  AirflowWebLogin,
  ComponentHealth,
  DagRunState,
  EntityDagsResponse,
  EnvironmentDags,
  EnvironmentsResponse,
  MwaaEnvironmentInfo,
  SetDagPausedRequest,
  TriggerDagRunRequest,
  AirflowApproval,
  AirflowApprovalAnswer,
  AirflowBackfill,
  AirflowHitlUser,
  ApprovalCountsResponse,
  BackfillPreview,
  BackfillReprocessBehavior,
  ChangeBackfillRequest,
  CreateBackfillRequest,
  EntityApprovalsResponse,
  EnvironmentApprovalCount,
  EnvironmentApprovals,
  RespondToApprovalRequest,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AirflowAffectedTaskInstance,
  AirflowRunActionPreview,
  AirflowRunActionResult,
  AirflowRunAuditAction,
} from '@airflow-portal/plugin-airflow-common';
import { registerMswTestHooks } from '@backstage/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { AirflowApi } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { airflowRoutes, type AirflowOperationTypes } from './airflowRoutes';

/*
 * The client and the model types against the backend's OpenAPI spec: every
 * route the client calls is an operation of the spec, with its method, path
 * and query names, and every schema the operations answer with has exactly
 * the fields (required or optional) of the model type of the same name.
 */

type Json = Record<string, any>;

const spec = yaml.load(
  fs.readFileSync(
    path.resolve(__dirname, '../../../airflow-backend/src/schema/openapi.yaml'),
    'utf8',
  ),
) as Json;

function resolve(node: Json): Json {
  if (typeof node.$ref !== 'string') return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at: Json | undefined, key: string) => at?.[key], spec);
  if (!target) throw new Error(`unresolved ${node.$ref}`);
  return resolve(target);
}

/** Properties and required names of an object schema, `allOf` merged. */
function objectShape(schema: Json): Record<string, 'required' | 'optional'> {
  const resolved = resolve(schema);
  const parts: Json[] = resolved.allOf
    ? resolved.allOf.map((part: Json) => resolve(part))
    : [resolved];
  const shape: Record<string, 'required' | 'optional'> = {};
  for (const part of parts) {
    for (const name of Object.keys(part.properties ?? {})) {
      shape[name] = (part.required ?? []).includes(name)
        ? 'required'
        : 'optional';
    }
  }
  return shape;
}

interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  query: string[];
  hasBody: boolean;
  responseSchema?: string;
  pathPattern: RegExp;
}

const operations: SpecOperation[] = Object.entries(spec.paths as Json).flatMap(
  ([specPath, item]) =>
    Object.entries(item as Json).map(([method, op]) => {
      const parameters = ((op.parameters ?? []) as Json[]).map(resolve);
      return {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: specPath,
        query: parameters.filter(p => p.in === 'query').map(p => p.name),
        hasBody: Boolean(op.requestBody),
        responseSchema: op.responses?.['200']?.content?.[
          'application/json'
        ]?.schema?.$ref?.replace('#/components/schemas/', ''),
        pathPattern: new RegExp(`^${specPath.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      };
    }),
);

/** Whether each field of `T` is required or optional, checked by the compiler. */
type Presence<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? 'optional' : 'required';
};

/** A spec schema and the model type it stands for; the type parameter is invariant. */
interface ModelSchema<T> {
  name: string;
  shape: Record<string, 'required' | 'optional'>;
  model?: (value: T) => T;
}

function model<T>(name: string, shape: Presence<T>): ModelSchema<T> {
  return { name, shape };
}

const summaryShape = {
  name: 'required',
  title: 'required',
  owner: 'optional',
  description: 'optional',
  tags: 'required',
  production: 'required',
  uiUrl: 'optional',
  transport: 'required',
  webLogin: 'optional',
} as const;

const dagShape: Presence<AirflowDag> = {
  environment: 'required',
  dagId: 'required',
  displayName: 'required',
  description: 'optional',
  isPaused: 'required',
  isActive: 'required',
  owners: 'required',
  tags: 'required',
  schedule: 'optional',
  scheduleDescription: 'optional',
  nextRunLogicalDate: 'optional',
  nextRunAfter: 'optional',
  hasImportErrors: 'required',
  fileloc: 'optional',
  lastParsedTime: 'optional',
  maxActiveRuns: 'optional',
  uiUrl: 'optional',
};

const pageShape = {
  items: 'required',
  totalEntries: 'required',
  offset: 'required',
  limit: 'required',
} as const;

const schemas = {
  EnvironmentsResponse: model<EnvironmentsResponse>('EnvironmentsResponse', {
    environments: 'required',
  }),
  AirflowEnvironmentSummary: model<AirflowEnvironmentSummary>(
    'AirflowEnvironmentSummary',
    summaryShape,
  ),
  AirflowEnvironmentStatus: model<AirflowEnvironmentStatus>(
    'AirflowEnvironmentStatus',
    {
      ...summaryShape,
      status: 'required',
      apiVersion: 'optional',
      version: 'optional',
      health: 'optional',
      importErrorCount: 'optional',
      importErrorScope: 'optional',
      mwaa: 'optional',
      error: 'optional',
      runCounts24h: 'optional',
      checkedAt: 'required',
      lastSuccessAt: 'optional',
      unreachableSince: 'optional',
      stale: 'optional',
      missingDagCount: 'optional',
    },
  ),
  AirflowErrorInfo: model<AirflowErrorInfo>('AirflowErrorInfo', {
    name: 'required',
    message: 'required',
    upstreamStatus: 'optional',
    detail: 'optional',
  }),
  ComponentHealth: model<ComponentHealth>('ComponentHealth', {
    status: 'required',
    latestHeartbeat: 'optional',
  }),
  AirflowHealth: model<AirflowHealth>('AirflowHealth', {
    metadatabase: 'required',
    scheduler: 'required',
    triggerer: 'required',
    dagProcessor: 'optional',
  }),
  MwaaEnvironmentInfo: model<MwaaEnvironmentInfo>('MwaaEnvironmentInfo', {
    environmentName: 'required',
    region: 'required',
    status: 'optional',
    airflowVersion: 'optional',
    webserverUrl: 'optional',
  }),
  AirflowImportErrorPage: model<AirflowImportErrorPage>(
    'AirflowImportErrorPage',
    { ...pageShape, scope: 'required' },
  ),
  AirflowImportError: model<AirflowImportError>('AirflowImportError', {
    id: 'required',
    filename: 'required',
    timestamp: 'optional',
    stackTrace: 'required',
    bundleName: 'optional',
  }),
  EntityDagsResponse: model<EntityDagsResponse>('EntityDagsResponse', {
    entityRef: 'required',
    environments: 'required',
  }),
  EnvironmentDags: model<EnvironmentDags>('EnvironmentDags', {
    environment: 'required',
    dags: 'required',
    error: 'optional',
    missingDags: 'optional',
  }),
  AirflowDag: model<AirflowDag>('AirflowDag', dagShape),
  AirflowDagWithRuns: model<AirflowDagWithRuns>('AirflowDagWithRuns', {
    ...dagShape,
    latestRuns: 'required',
    boundEntityRefs: 'required',
    latestRunsPartial: 'optional',
  }),
  AirflowDagDetails: model<AirflowDagDetails>('AirflowDagDetails', {
    ...dagShape,
    params: 'required',
    docMd: 'optional',
  }),
  AirflowDagParam: model<AirflowDagParam>('AirflowDagParam', {
    value: 'optional',
    description: 'optional',
    schema: 'required',
  }),
  AirflowDagRunPage: model<AirflowPage<AirflowDagRun>>(
    'AirflowDagRunPage',
    pageShape,
  ),
  AirflowDagRun: model<AirflowDagRun>('AirflowDagRun', {
    environment: 'required',
    dagId: 'required',
    runId: 'required',
    state: 'required',
    runType: 'optional',
    logicalDate: 'optional',
    runAfter: 'optional',
    queuedAt: 'optional',
    startDate: 'optional',
    endDate: 'optional',
    conf: 'optional',
    note: 'optional',
    triggeredBy: 'optional',
    uiUrl: 'optional',
    dagVersions: 'optional',
  }),
  AirflowTaskInstancePage: model<AirflowPage<AirflowTaskInstance>>(
    'AirflowTaskInstancePage',
    pageShape,
  ),
  AirflowTaskInstance: model<AirflowTaskInstance>('AirflowTaskInstance', {
    environment: 'required',
    dagId: 'required',
    runId: 'required',
    taskId: 'required',
    displayName: 'optional',
    mapIndex: 'required',
    state: 'required',
    tryNumber: 'required',
    maxTries: 'optional',
    operator: 'optional',
    startDate: 'optional',
    endDate: 'optional',
    durationSeconds: 'optional',
    hostname: 'optional',
    pool: 'optional',
    queue: 'optional',
    uiUrl: 'optional',
    note: 'optional',
  }),
  AirflowLogChunk: model<AirflowLogChunk>('AirflowLogChunk', {
    lines: 'required',
    continuationToken: 'optional',
    endOfLog: 'required',
  }),
  AirflowLogLine: model<AirflowLogLine>('AirflowLogLine', {
    timestamp: 'optional',
    level: 'optional',
    message: 'required',
  }),
  TriggerDagRunRequest: model<TriggerDagRunRequest>('TriggerDagRunRequest', {
    conf: 'optional',
    logicalDate: 'optional',
    note: 'optional',
    requestId: 'required',
  }),
  SetDagPausedRequest: model<SetDagPausedRequest>('SetDagPausedRequest', {
    isPaused: 'required',
  }),
  AirflowAuditPage: model<AirflowAuditPage>('AirflowAuditPage', {
    items: 'required',
    nextCursor: 'optional',
  }),
  AirflowAuditRecord: model<AirflowAuditRecord>('AirflowAuditRecord', {
    id: 'required',
    createdAt: 'required',
    completedAt: 'optional',
    actor: 'required',
    action: 'required',
    environment: 'required',
    dagId: 'required',
    entityRef: 'required',
    outcome: 'required',
    upstreamStatus: 'optional',
    runId: 'optional',
    conf: 'optional',
    error: 'optional',
    confSha256: 'optional',
    confBytes: 'optional',
    attempts: 'optional',
    requestId: 'optional',
    taskIds: 'optional',
    origin: 'optional',
  }),
  AirflowInventoryResponse: model<AirflowInventoryResponse>(
    'AirflowInventoryResponse',
    { environments: 'required' },
  ),
  AirflowInventoryEnvironment: model<AirflowInventoryEnvironment>(
    'AirflowInventoryEnvironment',
    {
      ...summaryShape,
      apiVersion: 'optional',
      version: 'optional',
      dags: 'optional',
      error: 'optional',
    },
  ),
  AirflowInventoryDag: model<AirflowInventoryDag>('AirflowInventoryDag', {
    ...dagShape,
    ownerRefs: 'required',
  }),
  AirflowHitlUser: model<AirflowHitlUser>('AirflowHitlUser', {
    id: 'required',
    name: 'required',
  }),
  AirflowApproval: model<AirflowApproval>('AirflowApproval', {
    environment: 'required',
    dagId: 'required',
    runId: 'required',
    taskId: 'required',
    mapIndex: 'required',
    subject: 'required',
    body: 'optional',
    options: 'required',
    defaults: 'optional',
    multiple: 'required',
    params: 'required',
    assignedUsers: 'required',
    createdAt: 'required',
    taskState: 'optional',
    responseReceived: 'required',
    respondedBy: 'optional',
    respondedAt: 'optional',
    chosenOptions: 'optional',
  }),
  EnvironmentApprovals: model<EnvironmentApprovals>('EnvironmentApprovals', {
    environment: 'required',
    supported: 'required',
    approvals: 'required',
    error: 'optional',
  }),
  EntityApprovalsResponse: model<EntityApprovalsResponse>(
    'EntityApprovalsResponse',
    { entityRef: 'required', environments: 'required' },
  ),
  EnvironmentApprovalCount: model<EnvironmentApprovalCount>(
    'EnvironmentApprovalCount',
    {
      environment: 'required',
      supported: 'required',
      pending: 'optional',
      error: 'optional',
    },
  ),
  ApprovalCountsResponse: model<ApprovalCountsResponse>(
    'ApprovalCountsResponse',
    { environments: 'required' },
  ),
  RespondToApprovalRequest: model<RespondToApprovalRequest>(
    'RespondToApprovalRequest',
    {
      requestId: 'required',
      mapIndex: 'optional',
      chosenOptions: 'required',
      paramsInput: 'optional',
    },
  ),
  AirflowApprovalAnswer: model<AirflowApprovalAnswer>('AirflowApprovalAnswer', {
    respondedBy: 'required',
    respondedAt: 'required',
    chosenOptions: 'required',
    paramsInput: 'optional',
  }),
  AirflowBackfill: model<AirflowBackfill>('AirflowBackfill', {
    id: 'required',
    environment: 'required',
    dagId: 'required',
    fromDate: 'required',
    toDate: 'required',
    isPaused: 'required',
    reprocessBehavior: 'required',
    maxActiveRuns: 'required',
    createdAt: 'required',
    completedAt: 'optional',
    updatedAt: 'optional',
  }),
  AirflowBackfillPage: model<AirflowPage<AirflowBackfill>>(
    'AirflowBackfillPage',
    {
      items: 'required',
      totalEntries: 'required',
      offset: 'required',
      limit: 'required',
    },
  ),
  BackfillPreview: model<BackfillPreview>('BackfillPreview', {
    runs: 'required',
    totalEntries: 'required',
  }),
  CreateBackfillRequest: model<CreateBackfillRequest>('CreateBackfillRequest', {
    requestId: 'required',
    fromDate: 'required',
    toDate: 'required',
    reprocessBehavior: 'optional',
    maxActiveRuns: 'optional',
    runBackwards: 'optional',
  }),
  ChangeBackfillRequest: model<ChangeBackfillRequest>('ChangeBackfillRequest', {
    action: 'required',
  }),
  AirflowWebLogin: model<AirflowWebLogin>('AirflowWebLogin', {
    url: 'required',
  }),
  AirflowAffectedTaskInstance: model<AirflowAffectedTaskInstance>(
    'AirflowAffectedTaskInstance',
    {
      taskId: 'required',
      runId: 'required',
      mapIndex: 'optional',
      state: 'optional',
    },
  ),
  AirflowRunActionPreview: model<AirflowRunActionPreview>(
    'AirflowRunActionPreview',
    {
      environment: 'required',
      dagId: 'required',
      runId: 'required',
      taskInstances: 'required',
      run: 'optional',
    },
  ),
  AirflowRunActionResult: model<AirflowRunActionResult>(
    'AirflowRunActionResult',
    {
      environment: 'required',
      dagId: 'required',
      runId: 'required',
      taskInstances: 'required',
      run: 'optional',
      deduplicated: 'required',
    },
  ),
  AirflowDagVersion: model<AirflowDagVersion>('AirflowDagVersion', {
    id: 'optional',
    versionNumber: 'required',
    dagId: 'optional',
    bundleName: 'optional',
    bundleVersion: 'optional',
    createdAt: 'optional',
    bundleUrl: 'optional',
  }),
  AirflowDagVersionsResponse: model<AirflowDagVersionsResponse>(
    'AirflowDagVersionsResponse',
    {
      supported: 'required',
      reason: 'optional',
      items: 'required',
      totalEntries: 'required',
    },
  ),
  AirflowEventLogEntry: model<AirflowEventLogEntry>('AirflowEventLogEntry', {
    id: 'required',
    when: 'required',
    event: 'required',
    owner: 'optional',
    dagId: 'optional',
    taskId: 'optional',
    runId: 'optional',
    mapIndex: 'optional',
    tryNumber: 'optional',
    logicalDate: 'optional',
    extra: 'optional',
  }),
  AirflowEventLogPage: model<AirflowPage<AirflowEventLogEntry>>(
    'AirflowEventLogPage',
    pageShape,
  ),
  AirflowDagGrid: model<AirflowDagGrid>('AirflowDagGrid', {
    runs: 'required',
    taskInstances: 'required',
    taskInstancesPartial: 'optional',
  }),
  AirflowMissingDag: model<AirflowMissingDag>('AirflowMissingDag', {
    dagId: 'required',
    environment: 'required',
    boundEntityRefs: 'required',
    importErrors: 'required',
    importErrorsHidden: 'optional',
  }),
};

/** The schema each operation answers with, typed by what the client returns. */
const responses: {
  [Id in keyof AirflowOperationTypes]: ModelSchema<
    AirflowOperationTypes[Id]['response']
  >;
} = {
  ListEnvironments: schemas.EnvironmentsResponse,
  GetEnvironment: schemas.AirflowEnvironmentStatus,
  ListImportErrors: schemas.AirflowImportErrorPage,
  GetEntityDags: schemas.EntityDagsResponse,
  SetDagPaused: schemas.AirflowDag,
  GetDagDetails: schemas.AirflowDagDetails,
  ListDagRuns: schemas.AirflowDagRunPage,
  TriggerDagRun: schemas.AirflowDagRun,
  ListTaskInstances: schemas.AirflowTaskInstancePage,
  GetTaskLog: schemas.AirflowLogChunk,
  ListAuditRecords: schemas.AirflowAuditPage,
  GetInventory: schemas.AirflowInventoryResponse,
  ListEntityApprovals: schemas.EntityApprovalsResponse,
  RespondToApproval: schemas.AirflowApprovalAnswer,
  ListBackfills: schemas.AirflowBackfillPage,
  CreateBackfill: schemas.AirflowBackfill,
  PreviewBackfill: schemas.BackfillPreview,
  ChangeBackfill: schemas.AirflowBackfill,
  ListApprovalCounts: schemas.ApprovalCountsResponse,
  CreateWebLogin: schemas.AirflowWebLogin,
  PreviewClearTaskInstances: schemas.AirflowRunActionPreview,
  ClearTaskInstances: schemas.AirflowRunActionResult,
  PreviewMarkDagRun: schemas.AirflowRunActionPreview,
  MarkDagRun: schemas.AirflowRunActionResult,
  SetDagRunNote: schemas.AirflowRunActionResult,
  PreviewMarkTaskInstance: schemas.AirflowRunActionPreview,
  MarkTaskInstance: schemas.AirflowRunActionResult,
  SetTaskInstanceNote: schemas.AirflowRunActionResult,
  GetDagGrid: schemas.AirflowDagGrid,
  ListDagVersions: schemas.AirflowDagVersionsResponse,
  ListDagEventLog: schemas.AirflowEventLogPage,
};

/** Enumerations: a `Record` over the union makes the compiler list every member. */
const enums: Record<string, Record<string, true>> = {
  DagRunState: {
    queued: true,
    running: true,
    success: true,
    failed: true,
  } satisfies Record<DagRunState, true>,
  AirflowAuditAction: {
    'dag.trigger': true,
    'dag.pause': true,
    'dag.unpause': true,
    'hitl.respond': true,
    'backfill.create': true,
    'backfill.pause': true,
    'backfill.unpause': true,
    'backfill.cancel': true,
    'environment.web-login': true,
    ...({
      'run.clear': true,
      'task.clear': true,
      'run.mark': true,
      'task.mark': true,
      'run.note': true,
      'task.note': true,
    } satisfies Record<AirflowRunAuditAction, true>),
  } satisfies Record<AirflowAuditAction, true>,
  AirflowAuditOutcome: {
    pending: true,
    succeeded: true,
    deduplicated: true,
    failed: true,
    unknown: true,
    denied: true,
    rejected: true,
  } satisfies Record<AirflowAuditOutcome, true>,
  AirflowTransportKind: {
    jwt: true,
    token: true,
    basic: true,
    mwaa: true,
  } satisfies Record<AirflowTransportKind, true>,
  AirflowApiVersion: { v1: true, v2: true } satisfies Record<
    AirflowApiVersion,
    true
  >,
  AirflowImportErrorScope: { all: true, readable: true } satisfies Record<
    AirflowImportErrorScope,
    true
  >,
  BackfillReprocessBehavior: {
    none: true,
    failed: true,
    completed: true,
  } satisfies Record<BackfillReprocessBehavior, true>,
};

describe('the client against openapi.yaml', () => {
  it('routes every operation of the spec, with its method, path and query names', () => {
    expect(Object.keys(airflowRoutes).sort()).toEqual(
      operations.map(op => op.operationId).sort(),
    );
    for (const op of operations) {
      const route = airflowRoutes[op.operationId as keyof typeof airflowRoutes];
      expect({ op: op.operationId, ...route, query: [...route.query] }).toEqual(
        {
          op: op.operationId,
          method: op.method,
          path: op.path,
          query: op.query,
        },
      );
    }
  });

  it('answers each operation with the schema named after its model type', () => {
    for (const op of operations) {
      const expected = responses[op.operationId as keyof typeof responses];
      expect({ op: op.operationId, schema: op.responseSchema }).toEqual({
        op: op.operationId,
        schema: expected.name,
      });
    }
  });

  it.each(Object.values(schemas).map(s => [s.name, s] as const))(
    'schema %s has the fields of the model type',
    (name, schema) => {
      expect(objectShape(spec.components.schemas[name])).toEqual(schema.shape);
    },
  );

  it.each(Object.entries(enums))(
    'enumeration %s has the members of the model type',
    (name, members) => {
      expect([...spec.components.schemas[name].enum].sort()).toEqual(
        Object.keys(members).sort(),
      );
    },
  );

  describe('every client method', () => {
    const server = setupServer();
    registerMswTestHooks(server);
    const baseUrl = 'http://localhost:7007/api/airflow';
    const client: AirflowApi = new AirflowClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      // Looked up per call: msw replaces the global fetch once it listens.
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });

    const dag = {
      entityRef: 'Component:Default/orders-service',
      environment: 'data-prod',
      dagId: 'orders_daily_load',
    };
    const run = { ...dag, runId: 'scheduled__2026-11-22T07:00:00+00:00' };
    /** One call per method of AirflowApi, with every optional input set. */
    const calls: { [Method in keyof AirflowApi]: () => Promise<unknown> } = {
      listEnvironments: () => client.listEnvironments(),
      getEnvironment: () => client.getEnvironment('data-prod'),
      listImportErrors: () =>
        client.listImportErrors('data-prod', { limit: 5, offset: 10 }),
      getEntityDags: () => client.getEntityDags(dag.entityRef),
      listDagRuns: () =>
        client.listDagRuns({ ...dag, limit: 5, offset: 5, state: 'failed' }),
      listTaskInstances: () => client.listTaskInstances(run),
      getTaskLog: () =>
        client.getTaskLog({
          ...run,
          taskId: 'extract',
          tryNumber: 2,
          mapIndex: 3,
          token: 'next',
        }),
      getDagDetails: () => client.getDagDetails(dag),
      triggerDagRun: () => client.triggerDagRun(dag, { requestId: 'r-1' }),
      setDagPaused: () => client.setDagPaused(dag, true),
      listEntityApprovals: () => client.listEntityApprovals(dag.entityRef),
      respondToApproval: () =>
        client.respondToApproval(
          { ...run, taskId: 'approve' },
          { requestId: 'r-1', chosenOptions: ['Approve'] },
        ),
      listApprovalCounts: () => client.listApprovalCounts(),
      listBackfills: () => client.listBackfills(dag, { limit: 5, offset: 5 }),
      previewBackfill: () =>
        client.previewBackfill(dag, {
          fromDate: '2026-11-01T00:00:00Z',
          toDate: '2026-11-02T00:00:00Z',
          reprocessBehavior: 'failed',
          maxActiveRuns: 2,
          runBackwards: true,
        }),
      createBackfill: () =>
        client.createBackfill(dag, {
          requestId: 'r-1',
          fromDate: '2026-11-01T00:00:00Z',
          toDate: '2026-11-02T00:00:00Z',
        }),
      changeBackfill: () => client.changeBackfill(dag, 3, 'cancel'),
      listAuditRecords: () =>
        client.listAuditRecords({
          actor: 'user:default/alice',
          environment: 'data-prod',
          dagId: 'orders_daily_load',
          entityRef: 'component:default/orders-service',
          action: 'dag.trigger',
          outcome: 'denied',
          from: '2026-11-01T00:00:00Z',
          to: '2026-11-02T00:00:00Z',
          cursor: 'c1',
          limit: 10,
        }),
      createWebLogin: () => client.createWebLogin('mwaa-payments'),
      previewClearTaskInstances: () =>
        client.previewClearTaskInstances(run, { onlyFailed: true }),
      clearTaskInstances: () =>
        client.clearTaskInstances(run, {
          taskIds: ['extract'],
          includeDownstream: true,
          requestId: 'r-2',
        }),
      previewMarkDagRun: () =>
        client.previewMarkDagRun(run, { state: 'success' }),
      markDagRun: () =>
        client.markDagRun(run, { state: 'failed', requestId: 'r-3' }),
      setDagRunNote: () =>
        client.setDagRunNote(run, { note: 'checked', requestId: 'r-4' }),
      previewMarkTaskInstance: () =>
        client.previewMarkTaskInstance(
          { ...run, taskId: 'extract' },
          { state: 'skipped' },
        ),
      markTaskInstance: () =>
        client.markTaskInstance(
          { ...run, taskId: 'extract' },
          { state: 'success', requestId: 'r-5' },
        ),
      setTaskInstanceNote: () =>
        client.setTaskInstanceNote(
          { ...run, taskId: 'extract' },
          { note: 'flaky', requestId: 'r-6' },
        ),
      getDagGrid: () => client.getDagGrid(dag, 12),
      listDagVersions: () =>
        client.listDagVersions(dag, { limit: 5, offset: 5 }),
      listDagEventLog: () =>
        client.listDagEventLog(dag, { limit: 5, offset: 5 }),
    };

    it.each(Object.entries(calls))(
      '%s calls the operation of the same name',
      async (method, call) => {
        const seen: Request[] = [];
        server.use(
          http.all(`${baseUrl}/*`, ({ request }) => {
            seen.push(request);
            return HttpResponse.json({});
          }),
        );
        await call();

        expect(seen).toHaveLength(1);
        const url = new URL(seen[0].url);
        const routePath = url.pathname.slice(new URL(baseUrl).pathname.length);
        const matches = operations.filter(
          op => op.method === seen[0].method && op.pathPattern.test(routePath),
        );
        const operationId = method[0].toUpperCase() + method.slice(1);
        expect(matches.map(op => op.operationId)).toEqual([operationId]);
        expect(matches[0].query).toEqual(
          expect.arrayContaining([...url.searchParams.keys()]),
        );
        expect(seen[0].headers.get('Content-Type') === 'application/json').toBe(
          matches[0].hasBody,
        );
      },
    );
  });
});
