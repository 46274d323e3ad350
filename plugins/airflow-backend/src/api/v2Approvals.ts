import type {
  AirflowApproval,
  AirflowApprovalAnswer,
  AirflowHitlUser,
  AirflowPage,
} from '@airflow-portal/plugin-airflow-common';
import { InputError, NotImplementedError } from '@backstage/errors';
import { isUpstreamError, UpstreamError } from '../transport/errors';
import type { UpstreamRequest } from '../transport/types';
import type { PageRequest, WriteResult } from './AirflowApiAdapter';
import { mapDagParams } from './dagParams';
import {
  bool,
  isObject,
  type JsonObject,
  malformed,
  optNumber,
  optString,
  readCollection,
  readObject,
  stringList,
} from './readers';
import { assertAirflow3, type RestCalls } from './restCalls';
import { upstreamPath } from './upstreamPath';

/** Which task's approval, and the answer to it. */
export interface RespondToApprovalCall {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  chosenOptions: string[];
  paramsInput?: Record<string, unknown>;
}

export interface ApprovalLookup {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
}

const FEATURE = 'Human-in-the-loop approvals';

/** The `~` listing of every DAG and run: a short path on every transport. */
const LISTING_PATH = '/dags/~/dagRuns/~/hitlDetails';

/**
 * Human-in-the-loop details through Airflow 3's REST API (3.1 and later;
 * `HITLDetail`, `UpdateHITLDetailPayload`). Airflow 3.0 (MWAA's version)
 * answers 404 for the listing: reported as not supported.
 */
export class V2Approvals {
  constructor(private readonly calls: RestCalls) {}

  /**
   * Approvals still waiting for an answer, across all DAGs of the environment
   * (`response_received=false`, task `deferred`): one call per page.
   */
  async listPending(
    request: PageRequest,
  ): Promise<AirflowPage<AirflowApproval>> {
    assertAirflow3(this.calls, FEATURE);
    const body = await this.list({
      response_received: false,
      state: ['deferred'],
      limit: request.limit,
      offset: request.offset,
      order_by: ['created_at'],
    });
    return { ...this.page(body), offset: request.offset, limit: request.limit };
  }

  /** One approval, answered or not, found through the listing (any id length fits MWAA's path). */
  async find(lookup: ApprovalLookup): Promise<AirflowApproval | undefined> {
    assertAirflow3(this.calls, FEATURE);
    const body = await this.list({
      dag_id_pattern: lookup.dagId,
      task_id: lookup.taskId,
      map_index: lookup.mapIndex,
      limit: 100,
    });
    return this.page(body).items.find(
      a =>
        a.dagId === lookup.dagId &&
        a.runId === lookup.runId &&
        a.taskId === lookup.taskId &&
        a.mapIndex === lookup.mapIndex,
    );
  }

  /**
   * `PATCH …/taskInstances/{task_id}/{map_index}/hitlDetails`. Airflow checks
   * that its caller (the portal's Airflow user) is among `assigned_users`:
   * its 403 is explained as such. Its path has no short form: over MWAA's
   * 64 characters the call is refused (422) before it is sent.
   */
  async respond(
    call: RespondToApprovalCall,
  ): Promise<WriteResult<AirflowApprovalAnswer>> {
    assertAirflow3(this.calls, FEATURE);
    let answer: { status: number; body: unknown };
    try {
      answer = await this.calls.write(
        'PATCH',
        upstreamPath`/dags/${call.dagId}/dagRuns/${call.runId}/taskInstances/${
          call.taskId
        }/${mapIndexSegment(call.mapIndex)}/hitlDetails`,
        {
          chosen_options: call.chosenOptions,
          ...(call.paramsInput ? { params_input: call.paramsInput } : {}),
        },
      );
    } catch (error) {
      throw explainRespondError(
        this.calls.explainPathLimit(
          error,
          `an answer to the approval of task "${call.taskId}" in run "${call.runId}" of DAG "${call.dagId}"`,
        ),
      );
    }
    return {
      value: this.toAnswer(answer.body),
      upstreamStatus: answer.status,
    };
  }

  private async list(query: UpstreamRequest['query']): Promise<unknown> {
    try {
      return await this.calls.get(LISTING_PATH, query);
    } catch (error) {
      if (isUpstreamError(error) && error.details.status === 404) {
        throw new NotImplementedError(
          `${FEATURE} are not supported by the Airflow of environment "${this.calls.environment}": they need Airflow 3.1 or later`,
        );
      }
      throw error;
    }
  }

  private page(
    body: unknown,
  ): Omit<AirflowPage<AirflowApproval>, 'offset' | 'limit'> {
    const { items, totalEntries } = readCollection(
      body,
      'hitl_details',
      this.calls.environment,
    );
    return {
      items: items.flatMap(
        item => mapApproval(item, this.calls.environment) ?? [],
      ),
      totalEntries,
    };
  }

  private toAnswer(body: unknown): AirflowApprovalAnswer {
    const answer = readObject(body, this.calls.environment);
    const respondedBy = mapUser(answer.responded_by);
    const respondedAt = optString(answer.responded_at);
    if (!respondedBy || !respondedAt) {
      throw malformed(
        this.calls.environment,
        'an answer to an approval without responded_by or responded_at',
      );
    }
    return {
      respondedBy,
      respondedAt,
      chosenOptions: stringList(answer.chosen_options),
      paramsInput: isObject(answer.params_input)
        ? answer.params_input
        : undefined,
    };
  }
}

function mapUser(value: unknown): AirflowHitlUser | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const id = optString(value.id);
  const name = optString(value.name);
  return id === undefined ? undefined : { id, name: name ?? id };
}

/** `HITLDetail` with its `task_instance`; undefined without the ids that name it. */
export function mapApproval(
  detail: JsonObject,
  environment: string,
): AirflowApproval | undefined {
  const ti = isObject(detail.task_instance) ? detail.task_instance : {};
  const dagId = optString(ti.dag_id);
  const runId = optString(ti.dag_run_id);
  const taskId = optString(ti.task_id);
  if (!dagId || !runId || !taskId) {
    return undefined;
  }
  const assigned = Array.isArray(detail.assigned_users)
    ? detail.assigned_users.flatMap(user => mapUser(user) ?? [])
    : [];
  const defaults = Array.isArray(detail.defaults)
    ? stringList(detail.defaults)
    : undefined;
  return {
    environment,
    dagId,
    runId,
    taskId,
    mapIndex: optNumber(ti.map_index) ?? -1,
    subject: optString(detail.subject) ?? '',
    body: optString(detail.body),
    options: stringList(detail.options),
    defaults,
    multiple: bool(detail.multiple, false),
    params: mapDagParams(detail.params),
    assignedUsers: assigned,
    createdAt: optString(detail.created_at) ?? '',
    taskState: optString(ti.state),
    responseReceived: bool(detail.response_received, false),
    respondedBy: mapUser(detail.responded_by_user),
    respondedAt: optString(detail.responded_at),
    chosenOptions: Array.isArray(detail.chosen_options)
      ? stringList(detail.chosen_options)
      : undefined,
  };
}

/**
 * Airflow's 403 to an answer is about the responder: the portal's Airflow
 * user is not among the approval's `assigned_users`. It stays an upstream
 * failure (the browser's credentials were fine), with a message that says
 * what to change.
 */
function explainRespondError(error: unknown): unknown {
  if (
    isUpstreamError(error) &&
    error.details.status === 403 &&
    error.details.kind !== 'limit'
  ) {
    return new UpstreamError(
      `Airflow refused the answer: the portal's Airflow user in environment "${error.details.environment}" is not among the users assigned to this approval (assigned_users)`,
      error.details,
      error,
    );
  }
  return error;
}

/** Airflow's map index as a path segment: -1 (not mapped) or a non-negative integer. */
function mapIndexSegment(mapIndex: number): string {
  if (!Number.isSafeInteger(mapIndex) || mapIndex < -1) {
    throw new InputError(`${mapIndex} is not a valid map index`);
  }
  return String(mapIndex);
}
