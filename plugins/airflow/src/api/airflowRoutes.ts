import type {
  AirflowRunActionPreview,
  AirflowRunActionResult,
  ClearTaskInstancesRequest,
  MarkDagRunRequest,
  MarkTaskInstanceRequest,
  RunActionRequestId,
  SetNoteRequest,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AirflowAuditPage,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagGrid,
  AirflowDagRun,
  AirflowDagVersionsResponse,
  AirflowEnvironmentStatus,
  AirflowEventLogEntry,
  AirflowImportErrorPage,
  AirflowInventoryResponse,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  AirflowWebLogin,
  EntityDagsResponse,
  EnvironmentsResponse,
  SetDagPausedRequest,
  TriggerDagRunRequest,
  EntityApprovalsResponse,
  RespondToApprovalRequest,
  AirflowApprovalAnswer,
  AirflowBackfill,
  CreateBackfillRequest,
  BackfillPreview,
  ChangeBackfillRequest,
  ApprovalCountsResponse,
} from '@airflow-portal/plugin-airflow-common';

/*
 * The backend's routes as its OpenAPI spec names them
 * (`plugins/airflow-backend/src/schema/openapi.yaml`: operationId, method,
 * path template, query parameters). The client builds every request from
 * this table; airflowRoutes.test.ts checks it, and the model types below,
 * against the spec.
 */
export const airflowRoutes = {
  ListEnvironments: { method: 'GET', path: '/environments', query: [] },
  GetEnvironment: {
    method: 'GET',
    path: '/environments/{environment}',
    query: [],
  },
  ListImportErrors: {
    method: 'GET',
    path: '/environments/{environment}/import-errors',
    query: ['limit', 'offset'],
  },
  GetEntityDags: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/dags',
    query: [],
  },
  SetDagPaused: {
    method: 'PATCH',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}',
    query: [],
  },
  GetDagDetails: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/details',
    query: [],
  },
  ListDagRuns: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs',
    query: ['limit', 'offset', 'state'],
  },
  TriggerDagRun: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs',
    query: [],
  },
  ListTaskInstances: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks',
    query: ['limit', 'offset'],
  },
  GetTaskLog: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/logs/{tryNumber}',
    query: ['mapIndex', 'token'],
  },
  ListAuditRecords: {
    method: 'GET',
    path: '/audit',
    query: [
      'actor',
      'environment',
      'dagId',
      'entityRef',
      'action',
      'outcome',
      'from',
      'to',
      'cursor',
      'limit',
      'origin',
    ],
  },
  GetInventory: { method: 'GET', path: '/inventory', query: ['includeDags'] },
  ListEntityApprovals: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/approvals',
    query: [],
  },
  RespondToApproval: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/approval',
    query: [],
  },
  ListBackfills: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/backfills',
    query: ['limit', 'offset'],
  },
  CreateBackfill: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/backfills',
    query: [],
  },
  PreviewBackfill: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/backfills/preview',
    query: [
      'fromDate',
      'toDate',
      'reprocessBehavior',
      'maxActiveRuns',
      'runBackwards',
    ],
  },
  ChangeBackfill: {
    method: 'PATCH',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/backfills/{backfillId}',
    query: [],
  },
  ListApprovalCounts: { method: 'GET', path: '/approval-counts', query: [] },
  CreateWebLogin: {
    method: 'POST',
    path: '/environments/{environment}/web-login',
    query: [],
  },
  PreviewClearTaskInstances: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/clear/preview',
    query: [],
  },
  ClearTaskInstances: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/clear',
    query: [],
  },
  PreviewMarkDagRun: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/state/preview',
    query: [],
  },
  MarkDagRun: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/state',
    query: [],
  },
  SetDagRunNote: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/note',
    query: [],
  },
  PreviewMarkTaskInstance: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/state/preview',
    query: [],
  },
  MarkTaskInstance: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/state',
    query: [],
  },
  SetTaskInstanceNote: {
    method: 'POST',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/runs/{runId}/tasks/{taskId}/note',
    query: [],
  },
  GetDagGrid: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/grid',
    query: ['limit'],
  },
  ListDagVersions: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/versions',
    query: ['limit', 'offset'],
  },
  ListDagEventLog: {
    method: 'GET',
    path: '/entities/{namespace}/{kind}/{name}/environments/{environment}/dags/{dagId}/event-log',
    query: ['limit', 'offset'],
  },
} as const;

export type AirflowOperationId = keyof typeof airflowRoutes;

/** The request body and the answer (its `200` schema) of each operation. */
export interface AirflowOperationTypes {
  ListEnvironments: { response: EnvironmentsResponse };
  GetEnvironment: { response: AirflowEnvironmentStatus };
  ListImportErrors: { response: AirflowImportErrorPage };
  GetEntityDags: { response: EntityDagsResponse };
  SetDagPaused: { body: SetDagPausedRequest; response: AirflowDag };
  GetDagDetails: { response: AirflowDagDetails };
  ListDagRuns: { response: AirflowPage<AirflowDagRun> };
  TriggerDagRun: { body: TriggerDagRunRequest; response: AirflowDagRun };
  ListTaskInstances: { response: AirflowPage<AirflowTaskInstance> };
  GetTaskLog: { response: AirflowLogChunk };
  ListAuditRecords: { response: AirflowAuditPage };
  GetInventory: { response: AirflowInventoryResponse };
  ListEntityApprovals: { response: EntityApprovalsResponse };
  RespondToApproval: {
    body: RespondToApprovalRequest;
    response: AirflowApprovalAnswer;
  };
  ListBackfills: { response: AirflowPage<AirflowBackfill> };
  CreateBackfill: { body: CreateBackfillRequest; response: AirflowBackfill };
  PreviewBackfill: { response: BackfillPreview };
  ChangeBackfill: { body: ChangeBackfillRequest; response: AirflowBackfill };
  ListApprovalCounts: { response: ApprovalCountsResponse };
  CreateWebLogin: { response: AirflowWebLogin };
  PreviewClearTaskInstances: {
    body: ClearTaskInstancesRequest;
    response: AirflowRunActionPreview;
  };
  ClearTaskInstances: {
    body: ClearTaskInstancesRequest & RunActionRequestId;
    response: AirflowRunActionResult;
  };
  PreviewMarkDagRun: {
    body: MarkDagRunRequest;
    response: AirflowRunActionPreview;
  };
  MarkDagRun: {
    body: MarkDagRunRequest & RunActionRequestId;
    response: AirflowRunActionResult;
  };
  SetDagRunNote: {
    body: SetNoteRequest & RunActionRequestId;
    response: AirflowRunActionResult;
  };
  PreviewMarkTaskInstance: {
    body: MarkTaskInstanceRequest;
    response: AirflowRunActionPreview;
  };
  MarkTaskInstance: {
    body: MarkTaskInstanceRequest & RunActionRequestId;
    response: AirflowRunActionResult;
  };
  SetTaskInstanceNote: {
    body: SetNoteRequest & RunActionRequestId;
    response: AirflowRunActionResult;
  };
  GetDagGrid: { response: AirflowDagGrid };
  ListDagVersions: { response: AirflowDagVersionsResponse };
  ListDagEventLog: { response: AirflowPage<AirflowEventLogEntry> };
}

/** `{ a: string; b: string }` for `/x/{a}/y/{b}`. */
type PathParams<Path extends string> =
  Path extends `${string}{${infer Name}}${infer Rest}`
    ? { [K in Name]: string } & PathParams<Rest>
    : {};

/** What a request of operation `Id` is made of; only the spec's names type-check. */
export interface AirflowRequest<Id extends AirflowOperationId> {
  params: PathParams<(typeof airflowRoutes)[Id]['path']>;
  query?: {
    [K in (typeof airflowRoutes)[Id]['query'][number]]?: string | number;
  };
  body?: AirflowOperationTypes[Id] extends { body: infer Body } ? Body : never;
}

/** The operation's path with `params` URI-encoded into it, and its query string. */
export function airflowRequestPath<Id extends AirflowOperationId>(
  operationId: Id,
  request: AirflowRequest<Id>,
): string {
  const params = request.params as Record<string, string>;
  const path = airflowRoutes[operationId].path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => encodeURIComponent(params[name]),
  );
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
