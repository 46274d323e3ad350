import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import Router from 'express-promise-router';
import type { AirflowService } from '../service/AirflowService';
import { errorHandler } from './errorHandler';
import { parseInput } from './parseInput';
import {
  entityDagParams,
  entityParams,
  environmentParams,
  importErrorsQuery,
  logParams,
  logQuery,
  runParams,
  runsQuery,
  tasksQuery,
} from './requestSchemas';

export interface RouterOptions {
  service: AirflowService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}

/** The routes of api.md. Handlers only authenticate, validate and delegate. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, logger } = options;
  const router = Router();

  // Users only: every answer is scoped to what the caller may see in the catalog.
  const userCredentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/environments', async (req, res) => {
    await userCredentials(req);
    res.json(await service.listEnvironments());
  });

  router.get('/environments/:environment', async (req, res) => {
    await userCredentials(req);
    const { environment } = parseInput(environmentParams, req.params, 'path');
    res.json(await service.getEnvironment(environment));
  });

  router.get('/environments/:environment/import-errors', async (req, res) => {
    await userCredentials(req);
    const { environment } = parseInput(environmentParams, req.params, 'path');
    const page = parseInput(importErrorsQuery, req.query, 'query');
    res.json(await service.listImportErrors(environment, page));
  });

  router.get('/entities/:namespace/:kind/:name/dags', async (req, res) => {
    const credentials = await userCredentials(req);
    const entity = parseInput(entityParams, req.params, 'path');
    res.json(await service.getEntityDags(entity, credentials));
  });

  const dagPath =
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId';

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

  router.use(errorHandler(logger));
  return router;
}

function toDagRef(params: {
  namespace: string;
  kind: string;
  name: string;
  environment: string;
  dagId: string;
}) {
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
