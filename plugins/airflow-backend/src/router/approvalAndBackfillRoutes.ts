import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import { airflowDagBackfillPermission } from '@airflow-portal/plugin-airflow-common';
import type { ApprovalOperations } from '../operations/ApprovalOperations';
import type { BackfillOperations } from '../operations/BackfillOperations';
import type {
  OperationCaller,
  RawDagParams,
} from '../operations/DagOperations';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { spec } from '../schema/openapi';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import type { ApprovalsAndBackfillsReader } from '../service/ApprovalsAndBackfillsReader';
import { knownEntity, toDagRef, type DagPathParams } from './dagRef';

type OpenApiRouter = ApiRouter<typeof spec>;

/** A request of any route, typed from the spec or not. */
type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

export interface ApprovalAndBackfillRoutesOptions {
  service: Pick<AirflowService, 'assertEnvironment'>;
  authorizer: AirflowAuthorizer;
  reader: ApprovalsAndBackfillsReader;
  approvals: ApprovalOperations;
  backfills: BackfillOperations;
  userCredentials(req: HttpRequest): Promise<BackstageCredentials>;
  callerOf(req: HttpRequest): Promise<OperationCaller>;
}

/** An answer's `paramsInput` may be at most this many bytes of JSON, as a trigger's `conf`. */
const MAX_PARAMS_INPUT_BYTES = 64 * 1024;

const BASE =
  '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId';

/**
 * The routes of human-in-the-loop approvals and backfills, on the router
 * generated from the spec (input validated before these handlers). Reads
 * under an entity were checked for `airflow.dag.read` by createRouter's
 * entity middleware; actions check their own permissions in the operations,
 * which record every attempt.
 */
export function addApprovalAndBackfillRoutes(
  router: OpenApiRouter,
  options: ApprovalAndBackfillRoutesOptions,
) {
  const { service, authorizer, reader, approvals, backfills } = options;
  const { userCredentials, callerOf } = options;

  /** What the spec cannot check; an attempt that fails it is recorded by `reject`. */
  async function actionRef(
    params: RawDagParams & DagPathParams,
    reject: (error: Error) => Promise<never>,
    check: () => void = () => {},
  ): Promise<EntityDagRef> {
    try {
      check();
      service.assertEnvironment(params.environment);
      return toDagRef(params);
    } catch (error) {
      return reject(error as Error);
    }
  }

  router.get('/entities/:namespace/:kind/:name/approvals', async (req, res) => {
    const { namespace, kind, name } = req.params;
    res.json(
      specJson(
        await reader.entityApprovals(
          { namespace, kind, name },
          await userCredentials(req),
          knownEntity(res),
        ),
      ),
    );
  });

  router.get('/approval-counts', async (req, res) => {
    await authorizer.readEnvironments(await userCredentials(req));
    res.json(specJson(await reader.approvalCounts()));
  });

  router.post(
    `${BASE}/runs/:runId/tasks/:taskId/approval`,
    async (req, res) => {
      const caller = await callerOf(req);
      const { params, body } = req;
      const ref = await actionRef(
        params,
        error => approvals.rejectRespond(caller, params, body, error),
        () => assertJsonSize(body.paramsInput, 'paramsInput'),
      );
      res.json(
        specJson(
          await approvals.respond(
            caller,
            ref,
            { runId: params.runId, taskId: params.taskId },
            body,
          ),
        ),
      );
    },
  );

  router.get(`${BASE}/backfills`, async (req, res) => {
    const credentials = await userCredentials(req);
    service.assertEnvironment(req.params.environment);
    const { limit = 25, offset = 0 } = req.query;
    res.json(
      specJson(
        await reader.listBackfills(
          toDagRef(req.params, knownEntity(res)),
          { limit, offset },
          credentials,
        ),
      ),
    );
  });

  router.get(`${BASE}/backfills/preview`, async (req, res) => {
    const credentials = await userCredentials(req);
    const ref = toDagRef(req.params, knownEntity(res));
    // Previewing is the first step of creating: the same permission, on the DAG.
    await authorizer.assertDag(
      airflowDagBackfillPermission,
      {
        environment: ref.environment,
        dagId: ref.dagId,
        via: stringifyEntityRef(ref.entity),
      },
      credentials,
    );
    service.assertEnvironment(ref.environment);
    const { fromDate, toDate, reprocessBehavior, maxActiveRuns, runBackwards } =
      req.query;
    assertRange(fromDate, toDate);
    res.json(
      specJson(
        await reader.previewBackfill(
          ref,
          { fromDate, toDate, reprocessBehavior, maxActiveRuns, runBackwards },
          credentials,
        ),
      ),
    );
  });

  router.post(`${BASE}/backfills`, async (req, res) => {
    const caller = await callerOf(req);
    const { params, body } = req;
    const ref = await actionRef(
      params,
      error => backfills.rejectCreate(caller, params, body, error),
      () => assertRange(body.fromDate, body.toDate),
    );
    res.json(specJson(await backfills.create(caller, ref, body)));
  });

  router.patch(`${BASE}/backfills/:backfillId`, async (req, res) => {
    const caller = await callerOf(req);
    const { params, body } = req;
    const ref = await actionRef(params, error =>
      backfills.rejectChange(caller, params, body.action, error),
    );
    res.json(
      specJson(
        await backfills.change(
          caller,
          ref,
          // The validator checks path integers but hands them over as strings.
          Number(params.backfillId),
          body.action,
        ),
      ),
    );
  });
}

/**
 * Refused requests of these routes (the validator's 400 before a handler
 * runs), recorded like a refused trigger: see refusedOperations.ts.
 */
export function approvalAndBackfillRejections(
  approvals: ApprovalOperations,
  backfills: BackfillOperations,
): Record<
  string,
  (
    caller: OperationCaller,
    params: RawDagParams & Record<string, string | undefined>,
    body: unknown,
    error: Error,
  ) => Promise<never>
> {
  return {
    // Nothing of a body the spec refused is recorded.
    RespondToApproval: (caller, params, _body, error) =>
      approvals.rejectRespond(caller, params, undefined, error),
    CreateBackfill: (caller, params, _body, error) =>
      backfills.rejectCreate(caller, params, undefined, error),
    // `action` as sent, if at all, tells a pause from a cancel.
    ChangeBackfill: (caller, params, body, error) =>
      backfills.rejectChange(
        caller,
        params,
        (body as { action?: unknown } | undefined)?.action,
        error,
      ),
  };
}

function assertJsonSize(value: unknown, field: string) {
  if (
    value !== undefined &&
    Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_PARAMS_INPUT_BYTES
  ) {
    throw new InputError(
      `request/body/${field} must be at most ${MAX_PARAMS_INPUT_BYTES} bytes of JSON`,
    );
  }
}

function assertRange(fromDate: string, toDate: string) {
  if (Date.parse(fromDate) > Date.parse(toDate)) {
    throw new InputError('request/body/fromDate must not be after toDate');
  }
}

/** A model value as the router's types from the spec see it (open objects); see createRouter. */
type SpecJson<T> = T extends Array<infer U>
  ? Array<SpecJson<U>>
  : T extends object
  ? { [K in keyof T]: SpecJson<T[K]> }
  : T;

function specJson<T>(value: T): SpecJson<T> {
  return value as SpecJson<T>;
}
