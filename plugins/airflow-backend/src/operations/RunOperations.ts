import {
  airflowDagClearPermission,
  airflowDagNotePermission,
  airflowDagRunMarkPermission,
  type AirflowAffectedTaskInstance,
  type AirflowRunActionPreview,
  type AirflowRunActionResult,
  type AirflowRunAuditAction,
  type ClearTaskInstancesRequest,
  type MarkDagRunRequest,
  type MarkTaskInstanceRequest,
  type SetNoteRequest,
} from '@airflow-portal/plugin-airflow-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type { RunActionOutcome } from '../api/runActionTypes';
import type { AuditTrail, Performed } from '../audit/AuditTrail';
import { digestConf, sanitizeConf } from '../audit/sanitizeConf';
import type { AuditStore, NewAuditRecord } from '../audit/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import type { OperationCaller, RawDagParams } from './DagOperations';
import { isUpstreamError } from '../transport/errors';
import { unfinishedTaskInstances } from './unfinishedTaskInstances';

/** A run of a DAG an entity binds, and optionally one of its tasks. */
export interface EntityRunRef extends EntityDagRef {
  runId: string;
  taskId?: string;
}

/** Route params as they came, for recording an attempt whose input was rejected. */
export type RawRunParams = RawDagParams &
  Partial<Record<'runId' | 'taskId', string>>;

export interface RunOperationsOptions {
  environments: EnvironmentRegistry;
  dags: Pick<AirflowService, 'resolveEntityDag' | 'dagChanged'>;
  authorizer: AirflowAuthorizer;
  audit: AuditTrail;
  /** Where a retried request (same requestId) finds what it did. */
  auditStore: Pick<AuditStore, 'findPerformedRequest'>;
}

/** What a run action records besides who and where. */
interface AuditedRunAction {
  action: AirflowRunAuditAction;
  /** The action's input as the record keeps it (redacted, size-limited). */
  input: Record<string, unknown>;
  taskIds?: string[];
}

/** One confirmed run action: what allows it, what is recorded, what it asks Airflow. */
interface RunAction {
  permission: ResourcePermission<'airflow-dag'>;
  audited: AuditedRunAction;
  call(adapter: AirflowApiAdapter): Promise<Performed<RunActionOutcome>>;
}

const clearAudit = (
  input: Partial<ClearTaskInstancesRequest> = {},
): AuditedRunAction => ({
  action: input.taskIds ? 'task.clear' : 'run.clear',
  input: {
    onlyFailed: input.onlyFailed ?? false,
    includeUpstream: input.includeUpstream ?? false,
    includeDownstream: input.includeDownstream ?? false,
  },
  taskIds: input.taskIds,
});

const markRunAudit = (
  input: Partial<MarkDagRunRequest> = {},
): AuditedRunAction => ({
  action: 'run.mark',
  input: { state: input.state },
});

const markTaskAudit = (
  taskId: string | undefined,
  input: Partial<MarkTaskInstanceRequest> = {},
): AuditedRunAction => ({
  action: 'task.mark',
  input: {
    state: input.state,
    mapIndex: input.mapIndex,
    includeUpstream: input.includeUpstream ?? false,
    includeDownstream: input.includeDownstream ?? false,
  },
  taskIds: taskId === undefined ? undefined : [taskId],
});

const noteAudit = (
  taskId: string | undefined,
  input: Partial<SetNoteRequest> = {},
): AuditedRunAction => ({
  action: taskId === undefined ? 'run.note' : 'task.note',
  input: { note: input.note, mapIndex: input.mapIndex },
  taskIds: taskId === undefined ? undefined : [taskId],
});

/**
 * Clear (retry), mark state and notes of a run or of task instances of a DAG
 * an entity binds, each with its permission on the DAG (`airflow-dag`).
 *
 * A confirmed action follows trigger and pause: binding check, permission,
 * a `pending` audit record before Airflow is called, its outcome after (see
 * AuditTrail), and the caches refreshed. Its `requestId` makes it
 * idempotent: a request this actor has already performed is answered from
 * its audit record (`deduplicated`, nothing sent to Airflow again); the same
 * id with another input or target is a 409.
 *
 * Previews are Airflow's dry runs (or, for a run's state, a read of the run
 * and its unfinished task instances). They need the action's permission but
 * are not recorded: they change nothing in Airflow, and every dialog opening
 * would otherwise bury the actions in the trail. The confirmed action is.
 */
export class RunOperations {
  constructor(private readonly options: RunOperationsOptions) {}

  previewClear(
    caller: OperationCaller,
    ref: EntityRunRef,
    input: ClearTaskInstancesRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.preview(caller, ref, airflowDagClearPermission, adapter =>
      adapter.runActions.previewClear(clearRequest(ref, input)),
    );
  }

  clear(
    caller: OperationCaller,
    ref: EntityRunRef,
    input: ClearTaskInstancesRequest & { requestId: string },
  ): Promise<AirflowRunActionResult> {
    return this.operate(caller, ref, input.requestId, {
      permission: airflowDagClearPermission,
      audited: clearAudit(input),
      call: adapter => adapter.runActions.clear(clearRequest(ref, input)),
    });
  }

  /** The run as it is and the task instances marking it would end (Airflow has no dry run of this). */
  previewMarkRun(
    caller: OperationCaller,
    ref: EntityRunRef,
    _input: MarkDagRunRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.preview(
      caller,
      ref,
      airflowDagRunMarkPermission,
      async adapter => {
        const [run, tasks] = await Promise.all([
          // Shown for context only: an answer without ids leaves it out,
          // as reads drop such items, and the preview still lists the tasks.
          adapter
            .getDagRun(ref.dagId, ref.runId)
            .catch(error =>
              isUpstreamError(error) && error.details.kind === 'malformed'
                ? undefined
                : Promise.reject(error),
            ),
          adapter.listTaskInstances(ref.dagId, ref.runId, {
            limit: 100,
            offset: 0,
          }),
        ]);
        return {
          run,
          taskInstances: unfinishedTaskInstances(tasks.items),
        };
      },
    );
  }

  markRun(
    caller: OperationCaller,
    ref: EntityRunRef,
    input: MarkDagRunRequest & { requestId: string },
  ): Promise<AirflowRunActionResult> {
    return this.operate(caller, ref, input.requestId, {
      permission: airflowDagRunMarkPermission,
      audited: markRunAudit(input),
      call: adapter =>
        adapter.runActions.markRun({
          dagId: ref.dagId,
          runId: ref.runId,
          state: input.state,
        }),
    });
  }

  previewMarkTask(
    caller: OperationCaller,
    ref: EntityRunRef & { taskId: string },
    input: MarkTaskInstanceRequest,
  ): Promise<AirflowRunActionPreview> {
    return this.preview(caller, ref, airflowDagRunMarkPermission, adapter =>
      adapter.runActions.previewMarkTask(markTaskRequest(ref, input)),
    );
  }

  markTask(
    caller: OperationCaller,
    ref: EntityRunRef & { taskId: string },
    input: MarkTaskInstanceRequest & { requestId: string },
  ): Promise<AirflowRunActionResult> {
    return this.operate(caller, ref, input.requestId, {
      permission: airflowDagRunMarkPermission,
      audited: markTaskAudit(ref.taskId, input),
      call: adapter => adapter.runActions.markTask(markTaskRequest(ref, input)),
    });
  }

  /** The note of the run, or of `ref.taskId`'s task instance. */
  setNote(
    caller: OperationCaller,
    ref: EntityRunRef,
    input: SetNoteRequest & { requestId: string },
  ): Promise<AirflowRunActionResult> {
    return this.operate(caller, ref, input.requestId, {
      permission: airflowDagNotePermission,
      audited: noteAudit(ref.taskId, input),
      call: adapter =>
        adapter.runActions.setNote({
          dagId: ref.dagId,
          runId: ref.runId,
          taskId: ref.taskId,
          mapIndex: input.mapIndex,
          note: input.note,
        }),
    });
  }

  /**
   * A confirmed run action whose input could not be validated: recorded
   * (`rejected`) with what could be read of it, then `error` is thrown.
   * `kind` is the action without its level (`clear`, `mark`, `note`).
   */
  reject(
    caller: OperationCaller,
    kind: 'clear' | 'mark' | 'note',
    params: RawRunParams,
    body: unknown,
    error: Error,
  ): Promise<never> {
    const input = (isRecord(body) ? body : {}) as Record<string, unknown>;
    const { taskId } = params;
    let audited: AuditedRunAction;
    if (kind === 'clear') {
      audited = clearAudit({
        ...input,
        taskIds: Array.isArray(input.taskIds)
          ? input.taskIds.filter((t): t is string => typeof t === 'string')
          : undefined,
      } as Partial<ClearTaskInstancesRequest>);
    } else if (kind === 'mark') {
      audited =
        taskId === undefined
          ? markRunAudit(input as Partial<MarkDagRunRequest>)
          : markTaskAudit(taskId, input as Partial<MarkTaskInstanceRequest>);
    } else {
      audited = noteAudit(taskId, input as Partial<SetNoteRequest>);
    }
    const { kind: entityKind = '', namespace = '', name = '' } = params;
    const requestId =
      typeof input.requestId === 'string' ? input.requestId : undefined;
    return this.options.audit.reject(
      {
        record: this.record(caller, audited, requestId, {
          environment: params.environment ?? '',
          dagId: params.dagId ?? '',
          entityRef: `${entityKind}:${namespace}/${name}`,
        }),
        eventId: audited.action.replace('.', '-'),
        production: this.isProduction(params.environment ?? ''),
        runId: params.runId,
        request: caller.request,
      },
      error,
    );
  }

  private async preview(
    caller: OperationCaller,
    ref: EntityRunRef,
    permission: ResourcePermission<'airflow-dag'>,
    read: (adapter: AirflowApiAdapter) => Promise<RunActionOutcome>,
  ): Promise<AirflowRunActionPreview> {
    const { authorizer, dags } = this.options;
    await authorizer.assertDag(
      permission,
      {
        environment: ref.environment,
        dagId: ref.dagId,
        via: stringifyEntityRef(ref.entity),
      },
      caller.credentials,
    );
    const { adapter } = await dags.resolveEntityDag(ref, caller.credentials);
    const outcome = await read(adapter);
    return { ...target(ref), ...outcome };
  }

  private operate(
    caller: OperationCaller,
    ref: EntityRunRef,
    requestId: string,
    action: RunAction,
  ): Promise<AirflowRunActionResult> {
    const { authorizer, dags, audit, auditStore } = this.options;
    const { credentials } = caller;
    const entityRef = stringifyEntityRef(ref.entity);
    const record = this.record(caller, action.audited, requestId, {
      environment: ref.environment,
      dagId: ref.dagId,
      entityRef,
    });
    return audit.run(
      {
        record,
        eventId: action.audited.action.replace('.', '-'),
        production: this.isProduction(ref.environment),
        runId: ref.runId,
        request: caller.request,
      },
      {
        authorize: () =>
          authorizer.assertDag(
            action.permission,
            { environment: ref.environment, dagId: ref.dagId, via: entityRef },
            credentials,
          ),
        perform: async (): Promise<Performed<AirflowRunActionResult>> => {
          const { adapter } = await dags.resolveEntityDag(ref, credentials);
          const earlier = await auditStore.findPerformedRequest({
            actor: record.actor,
            action: record.action,
            environment: record.environment,
            dagId: record.dagId,
            requestId,
          });
          if (earlier) {
            if (
              earlier.runId !== ref.runId ||
              earlier.confSha256 !== record.confDigest?.sha256
            ) {
              throw new ConflictError(
                `This requestId was used for another ${record.action} (${earlier.id}); choose a new requestId for a new action`,
              );
            }
            const taskIds = earlier.taskIds ?? [];
            return {
              value: {
                ...target(ref),
                taskInstances: taskIds.map(taskId => ({
                  taskId,
                  runId: ref.runId,
                })),
                deduplicated: true,
              },
              upstreamStatus: earlier.upstreamStatus ?? 200,
              runId: ref.runId,
              taskIds,
              deduplicated: true,
            };
          }
          const performed = await action.call(adapter);
          // Before answering, so the caller's next read already shows the change.
          await dags.dagChanged(ref.environment, ref.dagId);
          const { taskInstances, run } = performed.value;
          return {
            value: {
              ...target(ref),
              taskInstances,
              run,
              deduplicated: false,
            },
            upstreamStatus: performed.upstreamStatus,
            runId: ref.runId,
            taskIds: affectedTaskIds(taskInstances, action.audited.taskIds),
          };
        },
      },
    );
  }

  /** The record of an attempt; the digest covers the run, the tasks and the input, so a reused requestId with another target is told apart. */
  private record(
    caller: OperationCaller,
    audited: AuditedRunAction,
    requestId: string | undefined,
    where: Pick<NewAuditRecord, 'environment' | 'dagId' | 'entityRef'>,
  ): NewAuditRecord {
    return {
      actor: caller.credentials.principal.userEntityRef,
      action: audited.action,
      ...where,
      conf: sanitizeConf(audited.input),
      confDigest: digestConf({ ...audited.input, taskIds: audited.taskIds }),
      requestId,
      taskIds: audited.taskIds,
      origin: caller.origin,
    };
  }

  private isProduction(environment: string): boolean {
    return (
      this.options.environments.find(environment)?.config.production ?? false
    );
  }
}

function target(ref: EntityRunRef) {
  return { environment: ref.environment, dagId: ref.dagId, runId: ref.runId };
}

function clearRequest(ref: EntityRunRef, input: ClearTaskInstancesRequest) {
  return {
    dagId: ref.dagId,
    runId: ref.runId,
    taskIds: input.taskIds,
    onlyFailed: input.onlyFailed ?? false,
    includeUpstream: input.includeUpstream ?? false,
    includeDownstream: input.includeDownstream ?? false,
  };
}

function markTaskRequest(
  ref: EntityRunRef & { taskId: string },
  input: MarkTaskInstanceRequest,
) {
  return {
    dagId: ref.dagId,
    runId: ref.runId,
    taskId: ref.taskId,
    mapIndex: input.mapIndex,
    state: input.state,
    includeUpstream: input.includeUpstream ?? false,
    includeDownstream: input.includeDownstream ?? false,
  };
}

/** What Airflow says it affected, else what was targeted. */
function affectedTaskIds(
  taskInstances: AirflowAffectedTaskInstance[],
  targeted: string[] | undefined,
): string[] | undefined {
  if (taskInstances.length === 0) return targeted;
  return Array.from(new Set(taskInstances.map(ti => ti.taskId)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
