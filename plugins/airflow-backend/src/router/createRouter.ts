import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type express from 'express';
import { abortWhenClientLeaves } from './abortWhenClientLeaves';
import { AdmissionGate } from './admissionGate';
import type { RequestSettings } from '../config/types';
import type { AuditStore } from '../audit/types';
import type {
  DagOperations,
  OperationCaller,
} from '../operations/DagOperations';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { EntityReads } from '../permissions/EntityReads';
import { createOpenApiRouter } from '../schema/openapi';
import type { AirflowInventory } from '../service/AirflowInventory';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import type { ReadEntity } from '../service/entityBindings';
import { knownEntity, toDagRef, type DagPathParams } from './dagRef';
import { errorHandler } from './errorHandler';
import { inventoryReader } from './inventoryRoute';
import { readJsonBody } from './readJsonBody';
import { recordRefusedOperation } from './refusedOperations';
import type { ApprovalOperations } from '../operations/ApprovalOperations';
import type { BackfillOperations } from '../operations/BackfillOperations';
import type { ApprovalsAndBackfillsReader } from '../service/ApprovalsAndBackfillsReader';
import {
  addApprovalAndBackfillRoutes,
  approvalAndBackfillRejections,
} from './approvalAndBackfillRoutes';
import type { EnvironmentWebLogin } from '../operations/EnvironmentWebLogin';
import type { RunOperations } from '../operations/RunOperations';
import {
  recordRefusedRunAction,
  registerRunActionRoutes,
} from './runActionRoutes';
import { addReadRoutes, scopeMissingDagImportErrors } from './readRoutes';
import { ORIGIN_REF_HEADER, originOf } from '../operations/originOf';

export interface RouterOptions {
  service: AirflowService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  authorizer: AirflowAuthorizer;
  /** `airflow.dag.read` on entities, decided on the entity the request reads. */
  entityReads: EntityReads;
  operations: DagOperations;
  auditStore: AuditStore;
  /** `GET /inventory`, for other backend plugins. */
  inventory: AirflowInventory;
  /** Human-in-the-loop approvals and backfills: their reads and actions. */
  approvalsAndBackfills: {
    reader: ApprovalsAndBackfillsReader;
    approvals: ApprovalOperations;
    backfills: BackfillOperations;
  };
  /** "Open in Airflow" signed in (MWAA web login). */
  webLogin: EnvironmentWebLogin;
  /** Clear, mark state and notes of runs and task instances. */
  runOperations?: RunOperations;
  /** How many requests are served at once (see admissionGate); unbounded without it. */
  requests?: RequestSettings;
}

/** A trigger's `conf` may be at most this many bytes of JSON. */
const MAX_CONF_BYTES = 64 * 1024;

/**
 * The routes of src/schema/openapi.yaml, on the router generated from it:
 * paths, queries and bodies are checked against the spec before any handler
 * runs (an `InputError`, 400, naming the first problem), query integers
 * arrive as numbers with the spec's defaults filled in, and the spec is
 * served at `GET /openapi.json`. What a spec cannot say is checked here: who
 * the caller is, what they may do, that the environment is configured (404),
 * and the size of a trigger's `conf`. Every permission is checked here,
 * whatever the frontend shows.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    service,
    httpAuth,
    logger,
    authorizer,
    entityReads,
    operations,
    auditStore,
    inventory,
    approvalsAndBackfills,
    webLogin,
  } = options;
  const router = await createOpenApiRouter({
    middleware: [readJsonBody],
    // Authentication is httpAuth's below: the validator would answer a
    // missing token with 400.
    validatorOptions: { validateSecurity: false },
  });

  // Users only: every answer is scoped to what the caller may see in the
  // catalog. httpAuth keeps a request's credentials, so asking again is free.
  const userCredentials = (req: HttpRequest) =>
    httpAuth.credentials(req, { allow: ['user'] });
  // Operations check their own permissions: a denial is recorded too.
  const callerOf = async (req: HttpRequest): Promise<OperationCaller> => {
    const credentials = await userCredentials(req);
    return {
      credentials,
      request: req,
      origin: originOf(credentials, req.headers[ORIGIN_REF_HEADER]),
    };
  };

  // Everything below `GET /openapi.json` (which the generated router has
  // added already) needs a user token. `GET /openapi.json` is left to the
  // plugin's HTTP router, which requires a user or service token, as for
  // every Backstage plugin's spec.
  //
  // A request the validator refused comes here first: without a user token
  // it is a 401 like any other, and a refused trigger or pause is recorded.
  router.use(
    async (
      error: Error,
      req: express.Request,
      _res: express.Response,
      _next: express.NextFunction,
    ) =>
      recordRefusedRunAction(
        options.runOperations,
        () => callerOf(req),
        req,
        error,
      ),
  );
  router.use(
    async (
      error: Error,
      req: express.Request,
      _res: express.Response,
      _next: express.NextFunction,
    ) =>
      recordRefusedOperation(
        operations,
        await callerOf(req),
        req,
        error,
        approvalAndBackfillRejections(
          approvalsAndBackfills.approvals,
          approvalsAndBackfills.backfills,
        ),
      ),
  );
  if (options.requests) {
    router.use(new AdmissionGate(options.requests).handler);
  }
  // Users and other backend plugins: answered before the users-only guard.
  const readInventory = inventoryReader({ httpAuth, authorizer, inventory });
  router.get('/inventory', async (req, res) => {
    const { includeDags } = withDefaults(req.query, 'includeDags');
    res.json(specJson(await readInventory(req, includeDags)));
  });
  router.use(async (req, _res) => {
    await userCredentials(req);
    return 'next';
  });
  router.use(abortWhenClientLeaves);

  // Import errors show other teams' file names and stack traces: every one
  // of them only for who may read all of the environment's; any other
  // reader gets, and counts, those of files whose DAGs they may read.
  const scopedStatus = async (
    status: AirflowEnvironmentStatus,
    credentials: BackstageCredentials,
  ) =>
    (await authorizer.mayReadAllImportErrors(status.name, credentials))
      ? { ...status, importErrorScope: 'all' as const }
      : service.withReadableImportErrorCount(
          status,
          authorizer.importErrorReader(status.name, credentials),
        );

  router.get('/environments', async (req, res) => {
    const credentials = await userCredentials(req);
    await authorizer.readEnvironments(credentials);
    const { environments } = await service.listEnvironments();
    res.json(
      specJson({
        environments: await Promise.all(
          environments.map(status => scopedStatus(status, credentials)),
        ),
      }),
    );
  });

  router.get('/environments/:environment', async (req, res) => {
    const credentials = await userCredentials(req);
    await authorizer.readEnvironments(credentials);
    const status = await service.getEnvironment(req.params.environment);
    res.json(specJson(await scopedStatus(status, credentials)));
  });

  router.get('/environments/:environment/import-errors', async (req, res) => {
    const credentials = await userCredentials(req);
    await authorizer.readEnvironments(credentials);
    const { environment } = req.params;
    service.assertEnvironment(environment);
    const { limit, offset } = withDefaults(req.query, 'limit', 'offset');
    const page = (await authorizer.mayReadAllImportErrors(
      environment,
      credentials,
    ))
      ? await service.listImportErrors(environment, { limit, offset })
      : await service.listReadableImportErrors(
          environment,
          { limit, offset },
          authorizer.importErrorReader(environment, credentials),
        );
    res.json(specJson(page));
  });

  // Every read under an entity needs airflow.dag.read on that entity (for a
  // Group: on the group). Checked before the handlers, so no read route is
  // left out; the operations check their own permissions and record denials.
  // The entity is read here, once, with the caller's credentials, and the
  // decision applied to it in this process (see EntityReads); the handlers
  // reuse both (`res.locals.entity`), a group page for what the group owns
  // (read in the same catalog query as the group).
  router.use('/entities/:namespace/:kind/:name', async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return 'next';
    }
    const { namespace, kind, name } = req.params;
    const ref = { namespace, kind, name };
    const entityRef = stringifyEntityRef(ref);
    const credentials = await userCredentials(req);
    const decision = await entityReads.decide(credentials);
    if (decision.deniedOutright) {
      // As before: a denial does not depend on the entity, nor read it.
      await decision.assert(entityRef, undefined);
    }
    const { entity, ownedCandidates } = await service.readEntity(
      ref,
      credentials,
    );
    await decision.assert(entityRef, entity);
    if (entity) {
      const known: ReadEntity = {
        entity,
        mayRead: entities => decision.mayRead(entities),
        ownedCandidates,
      };
      res.locals.entity = known;
    }
    return 'next';
  });
  router.get('/entities/:namespace/:kind/:name/dags', async (req, res) => {
    const { namespace, kind, name } = req.params;
    const credentials = await userCredentials(req);
    res.json(
      specJson(
        await scopeMissingDagImportErrors(
          await service.getEntityDags(
            { namespace, kind, name },
            credentials,
            knownEntity(res),
          ),
          authorizer,
          credentials,
        ),
      ),
    );
  });

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/details',
    async (req, res) => {
      const credentials = await userCredentials(req);
      service.assertEnvironment(req.params.environment);
      res.json(
        specJson(
          await service.getDagDetails(
            toDagRef(req.params, knownEntity(res)),
            credentials,
          ),
        ),
      );
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs',
    async (req, res) => {
      const credentials = await userCredentials(req);
      const { limit, offset } = withDefaults(req.query, 'limit', 'offset');
      service.assertEnvironment(req.params.environment);
      const ref = toDagRef(req.params, knownEntity(res));
      const page = await service.listDagRuns(
        ref,
        { limit, offset, states: req.query.state },
        credentials,
      );
      res.json(specJson(page));
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs/:runId/tasks',
    async (req, res) => {
      const credentials = await userCredentials(req);
      const { limit, offset } = withDefaults(req.query, 'limit', 'offset');
      service.assertEnvironment(req.params.environment);
      res.json(
        specJson(
          await service.listTaskInstances(
            toDagRef(req.params, knownEntity(res)),
            req.params.runId,
            { limit, offset },
            credentials,
          ),
        ),
      );
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs/:runId/tasks/:taskId/logs/:tryNumber',
    async (req, res) => {
      const credentials = await userCredentials(req);
      const { params } = req;
      const { mapIndex } = withDefaults(req.query, 'mapIndex');
      await authorizer.readLogs(dagTarget(toDagRef(params)), credentials);
      service.assertEnvironment(params.environment);
      res.json(
        specJson(
          await service.getTaskLog(
            toDagRef(params, knownEntity(res)),
            {
              runId: params.runId,
              taskId: params.taskId,
              // The validator checks path integers but hands them over as strings.
              tryNumber: Number(params.tryNumber),
              mapIndex,
              token: req.query.token,
            },
            credentials,
          ),
        ),
      );
    },
  );

  /**
   * The checks of an operation the spec cannot express. An attempt that
   * fails them (400; 404 for an unknown environment) is still an attempt:
   * `reject` records it.
   */
  async function operationRef(
    params: DagPathParams,
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

  router.post(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/runs',
    async (req, res) => {
      const caller = await callerOf(req);
      const body = req.body;
      const ref = await operationRef(
        req.params,
        error => operations.rejectTrigger(caller, req.params, body, error),
        () => assertConfSize(body.conf),
      );
      res.json(specJson(await operations.trigger(caller, ref, body)));
    },
  );

  router.patch(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId',
    async (req, res) => {
      const caller = await callerOf(req);
      const { isPaused } = req.body;
      const ref = await operationRef(req.params, error =>
        operations.rejectSetPaused(caller, req.params, isPaused, error),
      );
      res.json(specJson(await operations.setPaused(caller, ref, isPaused)));
    },
  );

  addApprovalAndBackfillRoutes(router, {
    ...approvalsAndBackfills,
    service,
    authorizer,
    userCredentials,
    callerOf,
  });

  registerRunActionRoutes(router as unknown as express.Router, {
    runOperations: options.runOperations,
    service,
    callerOf,
  });

  addReadRoutes(router, { service, httpAuth, authorizer });

  router.get('/audit', async (req, res) => {
    // Allowed: every record; conditional: those the conditions select, as a query.
    const filter = await authorizer.auditFilter(await userCredentials(req));
    const { from, to, ...filters } = withDefaults(req.query, 'limit');
    res.json(
      specJson(
        await auditStore.query({
          ...filters,
          filter,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        }),
      ),
    );
  });

  // "Open in Airflow" signed in. The answer holds a token: never cached.
  router.post('/environments/:environment/web-login', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const caller = await callerOf(req);
    res.json(specJson(await webLogin.open(caller, req.params.environment)));
  });

  router.use(errorHandler(logger));
  return router;
}

/** A request of any route, typed from the spec or not. */
type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * A model value as the router's types from the spec see it. Its objects are
 * open (no `additionalProperties: false`), so they are typed with an index
 * signature, which the model's interfaces do not have; the same fields as a
 * mapped type do. Types only: the value is sent as it is.
 */
type SpecJson<T> = T extends Array<infer U>
  ? Array<SpecJson<U>>
  : T extends object
  ? { [K in keyof T]: SpecJson<T[K]> }
  : T;

function specJson<T>(value: T): SpecJson<T> {
  return value as SpecJson<T>;
}

/** The DAG of `ref` as a permission resource, named through the path's entity. */
function dagTarget(ref: EntityDagRef) {
  return {
    environment: ref.environment,
    dagId: ref.dagId,
    via: stringifyEntityRef(ref.entity),
  };
}

/**
 * The query, with the parameters the spec gives a default typed as present:
 * the validator has filled them in. A missing one is a bug (500).
 */
function withDefaults<Q extends object, K extends keyof Q>(
  query: Q,
  ...keys: K[]
): Q & Required<Pick<Q, K>> {
  for (const key of keys) {
    if (query[key] === undefined) {
      throw new Error(`Query parameter ${String(key)} has no default`);
    }
  }
  return query as Q & Required<Pick<Q, K>>;
}

/**
 * The 64 KiB limit of `conf` is a size of its JSON, which JSON Schema cannot
 * state: checked here, and recorded like any refused attempt.
 */
function assertConfSize(conf: Record<string, unknown> | undefined) {
  if (
    conf !== undefined &&
    Buffer.byteLength(JSON.stringify(conf), 'utf8') > MAX_CONF_BYTES
  ) {
    throw new InputError(
      `request/body/conf must be at most ${MAX_CONF_BYTES} bytes of JSON`,
    );
  }
}
