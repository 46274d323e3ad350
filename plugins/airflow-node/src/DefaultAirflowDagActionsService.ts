import type {
  AirflowDag,
  AirflowDagRun,
  AirflowPage,
  AirflowRunActionPreview,
  AirflowRunActionResult,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  AirflowActionCaller,
  AirflowClearRequest,
  AirflowDagActionsService,
  AirflowEntityDagTarget,
  AirflowRunsRequest,
  AirflowSetPausedRequest,
  AirflowTriggerRequest,
} from './AirflowDagActionsService';

/** The plugin id of the Airflow backend. */
const AIRFLOW_PLUGIN_ID = 'airflow';

/** The header the Airflow backend records as the origin's reference. */
export const ORIGIN_REF_HEADER = 'x-airflow-origin-ref';

/**
 * Calls the Airflow backend's action routes over HTTP with a token issued
 * for it on behalf of the caller's credentials, as the inventory service
 * does: the backend sees the user (and the calling plugin as the token's
 * actor), decides the permission and writes the audit record.
 *
 * @public
 */
export class DefaultAirflowDagActionsService
  implements AirflowDagActionsService
{
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Replaces the global fetch (tests). */
      fetch?: typeof fetch;
    },
  ) {}

  triggerDagRun(request: AirflowTriggerRequest): Promise<AirflowDagRun> {
    const { requestId, conf, note } = request;
    return this.call(request, 'POST', `${dagPath(request.target)}/runs`, {
      requestId,
      conf,
      note,
    });
  }

  setDagPaused(request: AirflowSetPausedRequest): Promise<AirflowDag> {
    return this.call(request, 'PATCH', dagPath(request.target), {
      isPaused: request.isPaused,
    });
  }

  previewClear(request: AirflowClearRequest): Promise<AirflowRunActionPreview> {
    return this.call(
      request,
      'POST',
      `${runPath(request)}/clear/preview`,
      request.options ?? {},
    );
  }

  clear(
    request: AirflowClearRequest & { requestId: string },
  ): Promise<AirflowRunActionResult> {
    return this.call(request, 'POST', `${runPath(request)}/clear`, {
      ...request.options,
      requestId: request.requestId,
    });
  }

  listDagRuns(
    request: AirflowRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    const limit = request.limit ?? 25;
    return this.call(
      request,
      'GET',
      `${dagPath(request.target)}/runs?limit=${limit}`,
    );
  }

  private async call<T>(
    caller: AirflowActionCaller,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const { auth, discovery } = this.options;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(AIRFLOW_PLUGIN_ID),
      auth.getPluginRequestToken({
        onBehalfOf: caller.credentials,
        targetPluginId: AIRFLOW_PLUGIN_ID,
      }),
    ]);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (caller.originRef) headers[ORIGIN_REF_HEADER] = caller.originRef;
    const response = await (this.options.fetch ?? fetch)(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function dagPath(target: AirflowEntityDagTarget): string {
  const { kind, namespace, name } = parseEntityRef(target.entityRef);
  return [
    'entities',
    namespace,
    kind,
    name,
    'environments',
    target.environment,
    'dags',
    target.dagId,
  ].reduce((path, part) => `${path}/${encodeURIComponent(part)}`, '');
}

function runPath(request: AirflowClearRequest): string {
  return `${dagPath(request.target)}/runs/${encodeURIComponent(request.runId)}`;
}
