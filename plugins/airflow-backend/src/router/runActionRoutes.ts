import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type express from 'express';
import type { OperationCaller } from '../operations/DagOperations';
import type {
  EntityRunRef,
  RawRunParams,
  RunOperations,
} from '../operations/RunOperations';
import type { AirflowService } from '../service/AirflowService';
import { unreadableBodyError } from './readJsonBody';

type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

export interface RunActionRoutesOptions {
  /** Absent only where no handler runs (the route table test). */
  runOperations?: RunOperations;
  service: Pick<AirflowService, 'assertEnvironment'>;
  callerOf(req: HttpRequest): Promise<OperationCaller>;
}

/** The path of a run below which every run action lives. */
const RUN =
  '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs/:runId';

interface RunParams {
  namespace: string;
  kind: string;
  name: string;
  environment: string;
  dagId: string;
  runId: string;
  taskId?: string;
}

function toRunRef(params: RunParams): EntityRunRef {
  return {
    entity: {
      namespace: params.namespace,
      kind: params.kind,
      name: params.name,
    },
    environment: params.environment,
    dagId: params.dagId,
    runId: params.runId,
    taskId: params.taskId,
  };
}

/**
 * Clear, mark state and notes of runs and task instances (see
 * RunOperations). Previews check their permission and answer; confirmed
 * actions are recorded whatever happens, including an unknown environment
 * (404, `rejected`).
 */
export function registerRunActionRoutes(
  // The generated router's types for these paths add nothing the operations'
  // own input types do not: the validator has checked the bodies already.
  router: express.Router,
  options: RunActionRoutesOptions,
) {
  const { service, callerOf } = options;
  const operations = () => {
    if (!options.runOperations) {
      throw new Error('Run actions are not configured');
    }
    return options.runOperations;
  };

  /** The run of the path, after the checks a spec cannot express; a failed check of a confirmed action is recorded. */
  async function runRef(
    params: RunParams,
    reject?: (error: Error) => Promise<never>,
  ): Promise<EntityRunRef> {
    try {
      service.assertEnvironment(params.environment);
      return toRunRef(params);
    } catch (error) {
      if (reject) return reject(error as Error);
      throw error;
    }
  }

  router.post(`${RUN}/clear/preview`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params);
    res.json(await operations().previewClear(caller, ref, req.body));
  });

  router.post(`${RUN}/clear`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params, error =>
      operations().reject(caller, 'clear', req.params, req.body, error),
    );
    res.json(await operations().clear(caller, ref, req.body));
  });

  router.post(`${RUN}/state/preview`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params);
    res.json(await operations().previewMarkRun(caller, ref, req.body));
  });

  router.post(`${RUN}/state`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params, error =>
      operations().reject(caller, 'mark', req.params, req.body, error),
    );
    res.json(await operations().markRun(caller, ref, req.body));
  });

  router.post(`${RUN}/note`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params, error =>
      operations().reject(caller, 'note', req.params, req.body, error),
    );
    res.json(await operations().setNote(caller, ref, req.body));
  });

  router.post(`${RUN}/tasks/:taskId/state/preview`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params);
    res.json(
      await operations().previewMarkTask(
        caller,
        { ...ref, taskId: req.params.taskId },
        req.body,
      ),
    );
  });

  router.post(`${RUN}/tasks/:taskId/state`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params, error =>
      operations().reject(caller, 'mark', req.params, req.body, error),
    );
    res.json(
      await operations().markTask(
        caller,
        { ...ref, taskId: req.params.taskId },
        req.body,
      ),
    );
  });

  router.post(`${RUN}/tasks/:taskId/note`, async (req, res) => {
    const caller = await callerOf(req);
    const ref = await runRef(req.params, error =>
      operations().reject(caller, 'note', req.params, req.body, error),
    );
    res.json(await operations().setNote(caller, ref, req.body));
  });
}

/** What express-openapi-validator leaves on a request it matched to an operation of the spec. */
interface MatchedRequest extends express.Request {
  openapi?: {
    pathParams: RawRunParams;
    schema: { operationId?: string };
  };
}

/** The confirmed run actions of the spec, by operationId, and what kind each records. */
const confirmedRunActions: Record<string, 'clear' | 'mark' | 'note'> = {
  ClearTaskInstances: 'clear',
  MarkDagRun: 'mark',
  MarkTaskInstance: 'mark',
  SetDagRunNote: 'note',
  SetTaskInstanceNote: 'note',
};

/**
 * A confirmed run action the validator refused never reaches its handler:
 * it is still an attempt, recorded as `rejected`, then answered with
 * `error`. Any other request's error is passed on unchanged (to the
 * recording of refused triggers and pauses).
 */
export async function recordRefusedRunAction(
  runOperations: RunOperations | undefined,
  caller: () => Promise<OperationCaller>,
  req: express.Request,
  error: Error,
): Promise<never> {
  const { openapi } = req as MatchedRequest;
  const kind = openapi?.schema.operationId
    ? confirmedRunActions[openapi.schema.operationId]
    : undefined;
  if (!openapi || !kind || !runOperations) {
    throw error;
  }
  return runOperations.reject(
    await caller(),
    kind,
    openapi.pathParams,
    req.body,
    unreadableBodyError(req) ?? error,
  );
}
