import type {
  AirflowAffectedTaskInstance,
  AirflowApiVersion,
  AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import { isUpstreamError, UpstreamError } from '../transport/errors';
import type { AirflowTransport } from '../transport/types';
import type { WriteResult } from './AirflowApiAdapter';
import { isObject, optNumber, optString, type JsonObject } from './readers';
import type {
  ClearRequest,
  MarkRunRequest,
  MarkTaskRequest,
  NoteRequest,
  RunActionAdapter,
  RunActionDialect,
  RunActionOutcome,
  UpstreamCall,
} from './runActionTypes';

export interface RunActionWritesOptions {
  transport: AirflowTransport;
  apiVersion: AirflowApiVersion;
  environment: string;
  dialect: RunActionDialect;
  /** The version's run mapping (with UI links), for answers that are a run. */
  mapRun(run: JsonObject): AirflowDagRun | undefined;
}

/** The transport refused the call before sending it: its path is over the connection's limit (MWAA: 64 characters). */
function isPathLimit(error: unknown): error is UpstreamError {
  return (
    isUpstreamError(error) &&
    error.details.kind === 'limit' &&
    error.details.status === undefined
  );
}

/**
 * Clear, mark and note of runs and task instances, in both API versions.
 *
 * Dry runs are reads (they change nothing: retried like reads); confirmed
 * actions are writes (never retried). Where Airflow has a body form, the ids
 * travel in the body so that the path fits MWAA's InvokeRestApi: clears use
 * the run's own clear call when its path fits and `clearTaskInstances` with
 * `dag_run_id` otherwise; Airflow 2 marks task instances through
 * `updateTaskInstancesState`. A call with no such form whose path does not
 * fit fails with a `limit` error that says so (422).
 */
export class RunActionWrites implements RunActionAdapter {
  constructor(private readonly options: RunActionWritesOptions) {}

  async previewClear(request: ClearRequest): Promise<RunActionOutcome> {
    return (await this.clearCall(request, true)).value;
  }

  /**
   * A confirmed clear. Airflow answers a whole run's clear with the run
   * only, so its task instances are read just before with a dry run (a
   * read): the answer and the audit record name what was cleared in every
   * API version.
   */
  async clear(request: ClearRequest): Promise<WriteResult<RunActionOutcome>> {
    const before =
      request.taskIds === undefined
        ? await this.previewClear(request)
        : undefined;
    const done = await this.clearCall(request, false);
    if (before && done.value.taskInstances.length === 0) {
      return {
        ...done,
        value: { ...done.value, taskInstances: before.taskInstances },
      };
    }
    return done;
  }

  async previewMarkTask(request: MarkTaskRequest): Promise<RunActionOutcome> {
    const call = this.options.dialect.markTask(request, true);
    const answer = await this.send(
      call,
      true,
      `marking task "${request.taskId}"`,
    );
    return this.outcome(answer.body, request.runId);
  }

  async markTask(
    request: MarkTaskRequest,
  ): Promise<WriteResult<RunActionOutcome>> {
    const call = this.options.dialect.markTask(request, false);
    const answer = await this.send(
      call,
      false,
      `marking task "${request.taskId}"`,
    );
    return {
      value: this.outcome(answer.body, request.runId),
      upstreamStatus: answer.status,
    };
  }

  async markRun(
    request: MarkRunRequest,
  ): Promise<WriteResult<RunActionOutcome>> {
    const call = this.options.dialect.markRun(request);
    const answer = await this.send(
      call,
      false,
      `marking run "${request.runId}"`,
    );
    return {
      value: { taskInstances: [], run: this.run(answer.body) },
      upstreamStatus: answer.status,
    };
  }

  async setNote(request: NoteRequest): Promise<WriteResult<RunActionOutcome>> {
    const call = this.options.dialect.note(request);
    const what =
      request.taskId === undefined
        ? `the note of run "${request.runId}"`
        : `the note of task "${request.taskId}"`;
    const answer = await this.send(call, false, what);
    // Run note: the run; v1 task note: the task instance; v2 task note: a collection.
    if (request.taskId === undefined) {
      return {
        value: { taskInstances: [], run: this.run(answer.body) },
        upstreamStatus: answer.status,
      };
    }
    const body = isObject(answer.body) ? answer.body : {};
    const taskInstances = Array.isArray(body.task_instances)
      ? this.affected(body, request.runId)
      : this.oneAffected(body, request.runId);
    return { value: { taskInstances }, upstreamStatus: answer.status };
  }

  private async clearCall(
    request: ClearRequest,
    dryRun: boolean,
  ): Promise<WriteResult<RunActionOutcome>> {
    const { dialect } = this.options;
    const what = `clearing run "${request.runId}"`;
    const runCall =
      request.taskIds === undefined
        ? dialect.runClear(request, dryRun)
        : undefined;
    if (runCall) {
      try {
        const answer = await this.send(runCall, dryRun, what, false);
        return {
          value: this.outcome(answer.body, request.runId),
          upstreamStatus: answer.status,
        };
      } catch (error) {
        // MWAA: the run id makes the path too long; the body form has it in the body.
        if (!isPathLimit(error)) throw error;
      }
    }
    const answer = await this.send(
      dialect.clearTaskInstances(request, dryRun),
      dryRun,
      what,
    );
    return {
      value: this.outcome(answer.body, request.runId),
      upstreamStatus: answer.status,
    };
  }

  /** Dry runs as reads (retried), actions as writes (never retried). */
  private async send(
    call: UpstreamCall,
    dryRun: boolean,
    what: string,
    explain = true,
  ) {
    try {
      return await this.options.transport.request(this.options.apiVersion, {
        ...call,
        idempotent: dryRun,
      });
    } catch (error) {
      throw explain ? this.explainPathLimit(error, what) : error;
    }
  }

  private explainPathLimit(error: unknown, what: string): unknown {
    if (!isPathLimit(error)) {
      return error;
    }
    return new UpstreamError(
      `Airflow environment "${this.options.environment}" cannot perform ${what}: its ids make the request path longer than the connection allows, and Airflow's REST API has no other form of this call`,
      { ...error.details, detail: error.message },
      error,
    );
  }

  /** A run clear answers the run (v2 `DAGRunResponse`, v1 `DAGRun`) or the task instances. */
  private outcome(body: unknown, runId: string): RunActionOutcome {
    if (isObject(body) && Array.isArray(body.task_instances)) {
      return { taskInstances: this.affected(body, runId) };
    }
    return { taskInstances: [], run: this.run(body) };
  }

  private run(body: unknown): AirflowDagRun | undefined {
    return isObject(body) ? this.options.mapRun(body) : undefined;
  }

  /** v2 `TaskInstanceCollectionResponse`, v1 `TaskInstanceCollection` or `TaskInstanceReferenceCollection`. */
  private affected(
    body: JsonObject,
    runId: string,
  ): AirflowAffectedTaskInstance[] {
    const list = Array.isArray(body.task_instances) ? body.task_instances : [];
    return list.flatMap(item =>
      isObject(item) ? this.oneAffected(item, runId) : [],
    );
  }

  private oneAffected(
    item: JsonObject,
    runId: string,
  ): AirflowAffectedTaskInstance[] {
    const taskId = optString(item.task_id);
    if (!taskId) return [];
    const affected: AirflowAffectedTaskInstance = {
      taskId,
      runId: optString(item.dag_run_id) ?? runId,
    };
    const mapIndex = optNumber(item.map_index);
    if (mapIndex !== undefined) affected.mapIndex = mapIndex;
    if ('state' in item) {
      const state = item.state;
      // v1's deprecated 'none' is no state.
      affected.state =
        typeof state === 'string' && state !== 'none' ? state : null;
    }
    return [affected];
  }
}
