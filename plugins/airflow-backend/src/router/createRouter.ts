import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { z } from 'zod';
import type { AuditStore } from '../audit/types';
import type {
  DagOperations,
  OperationCaller,
} from '../operations/DagOperations';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowService, EntityDagRef } from '../service/AirflowService';
import { errorHandler } from './errorHandler';
import { parseInput } from './parseInput';
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
} from './requestSchemas';

export interface RouterOptions {
  service: AirflowService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  authorizer: AirflowAuthorizer;
  operations: DagOperations;
  auditStore: AuditStore;
}

/** A request body that was not JSON (or too large to read). */
class UnreadableBody {
  constructor(readonly reason: string) {}
}

/** Operation bodies are read here so that even an unreadable one is recorded. */
const readJsonBody: express.RequestHandler = (req, res, next) => {
  express.json({ limit: '256kb' })(req, res, error => {
    if (error) {
      req.body = new UnreadableBody(
        error.type === 'entity.too.large'
          ? 'larger than 256 KiB'
          : 'not a JSON object',
      );
    }
    next();
  });
};

/**
 * The routes of api.md. Handlers only authenticate, authorize, validate and
 * delegate; every permission is checked here, whatever the frontend shows.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, logger, authorizer, operations, auditStore } =
    options;
  const router = Router();

  // Users only: every answer is scoped to what the caller may see in the catalog.
  const userCredentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/environments', async (req, res) => {
    await authorizer.readEnvironments(await userCredentials(req));
    res.json(await service.listEnvironments());
  });

  router.get('/environments/:environment', async (req, res) => {
    await authorizer.readEnvironments(await userCredentials(req));
    const { environment } = parseInput(environmentParams, req.params, 'path');
    res.json(await service.getEnvironment(environment));
  });

  router.get('/environments/:environment/import-errors', async (req, res) => {
    await authorizer.readEnvironments(await userCredentials(req));
    const { environment } = parseInput(environmentParams, req.params, 'path');
    const page = parseInput(importErrorsQuery, req.query, 'query');
    res.json(await service.listImportErrors(environment, page));
  });

  // Every read under an entity needs airflow.dag.read on that entity (for a
  // Group: on the group). Checked before the handlers, so no read route is
  // left out; the operations check their own permissions and record denials.
  router.use('/entities/:namespace/:kind/:name', async (req, _res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return 'next';
    }
    const credentials = await userCredentials(req);
    const entity = parseInput(entityParams, req.params, 'path');
    await authorizer.readDags(stringifyEntityRef(entity), credentials);
    return 'next';
  });

  router.get('/entities/:namespace/:kind/:name/dags', async (req, res) => {
    const credentials = await userCredentials(req);
    const entity = parseInput(entityParams, req.params, 'path');
    res.json(await service.getEntityDags(entity, credentials));
  });

  const dagPath =
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId';

  router.get(`${dagPath}/details`, async (req, res) => {
    const credentials = await userCredentials(req);
    const params = parseInput(entityDagParams, req.params, 'path');
    service.assertEnvironment(params.environment);
    res.json(await service.getDagDetails(toDagRef(params), credentials));
  });

  router.get(`${dagPath}/runs`, async (req, res) => {
    const credentials = await userCredentials(req);
    const params = parseInput(entityDagParams, req.params, 'path');
    const query = parseInput(runsQuery, req.query, 'query');
    service.assertEnvironment(params.environment);
    res.json(
      await service.listDagRuns(
        toDagRef(params),
        { limit: query.limit, offset: query.offset, states: query.state },
        credentials,
      ),
    );
  });

  router.get(`${dagPath}/runs/:runId/tasks`, async (req, res) => {
    const credentials = await userCredentials(req);
    const params = parseInput(runParams, req.params, 'path');
    const page = parseInput(tasksQuery, req.query, 'query');
    service.assertEnvironment(params.environment);
    res.json(
      await service.listTaskInstances(
        toDagRef(params),
        params.runId,
        page,
        credentials,
      ),
    );
  });

  router.get(
    `${dagPath}/runs/:runId/tasks/:taskId/logs/:tryNumber`,
    async (req, res) => {
      const credentials = await userCredentials(req);
      const params = parseInput(logParams, req.params, 'path');
      const query = parseInput(logQuery, req.query, 'query');
      await authorizer.readLogs(stringifyEntityRef(params), credentials);
      service.assertEnvironment(params.environment);
      res.json(
        await service.getTaskLog(
          toDagRef(params),
          {
            runId: params.runId,
            taskId: params.taskId,
            tryNumber: params.tryNumber,
            mapIndex: query.mapIndex,
            token: query.token,
          },
          credentials,
        ),
      );
    },
  );

  /**
   * An operation's path and body, validated like every read. An attempt that
   * fails validation (400; 404 for an unknown environment) is still an
   * attempt: `reject` records it, with what of the body could be read.
   */
  async function operationInput<B>(
    req: express.Request,
    bodySchema: z.ZodType<B, z.ZodTypeDef, unknown>,
    reject: (body: B | undefined, error: Error) => Promise<never>,
  ): Promise<{ ref: EntityDagRef; body: B }> {
    let body: B | undefined;
    try {
      if (req.body instanceof UnreadableBody) {
        throw new InputError(`Invalid body: ${req.body.reason}`);
      }
      body = parseInput(bodySchema, req.body ?? {}, 'body');
      const params = parseInput(entityDagParams, req.params, 'path');
      service.assertEnvironment(params.environment);
      return { ref: toDagRef(params), body };
    } catch (error) {
      return reject(body, error as Error);
    }
  }

  // Operations check their own permissions: a denial is recorded too.
  const callerOf = async (req: express.Request): Promise<OperationCaller> => ({
    credentials: await userCredentials(req),
    request: req,
  });

  router.post(`${dagPath}/runs`, readJsonBody, async (req, res) => {
    const caller = await callerOf(req);
    const { ref, body } = await operationInput(req, triggerBody, (input, e) =>
      operations.rejectTrigger(caller, req.params, input, e),
    );
    res.json(await operations.trigger(caller, ref, body));
  });

  router.patch(dagPath, readJsonBody, async (req, res) => {
    const caller = await callerOf(req);
    const { ref, body } = await operationInput(req, setPausedBody, (_, e) =>
      operations.rejectSetPaused(caller, req.params, req.body?.isPaused, e),
    );
    res.json(await operations.setPaused(caller, ref, body.isPaused));
  });

  router.get('/audit', async (req, res) => {
    await authorizer.readAudit(await userCredentials(req));
    res.json(
      await auditStore.query(parseInput(auditQuery, req.query, 'query')),
    );
  });

  router.use(errorHandler(logger));
  return router;
}

function toDagRef(params: {
  namespace: string;
  kind: string;
  name: string;
  environment: string;
  dagId: string;
}): EntityDagRef {
  return {
    entity: {
      namespace: params.namespace,
      kind: params.kind,
      name: params.name,
    },
    environment: params.environment,
    dagId: params.dagId,
  };
}
