import {
  airflowDagEventLogReadPermission,
  airflowTaskLogReadPermission,
  type EntityDagsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type express from 'express';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowService } from '../service/AirflowService';
import { knownEntity, toDagRef, type DagPathParams } from './dagRef';

/*
 * Registered on the router generated from the spec, which has validated the
 * path and query (and converted query integers) before these handlers run;
 * typed as a plain router here, since the generated router's types are too
 * deep to name in a second module.
 */
type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

/** A model value as the router's types from the spec see it (see createRouter's `specJson`). */
type SpecJson<T> = T extends Array<infer U>
  ? Array<SpecJson<U>>
  : T extends object
  ? { [K in keyof T]: SpecJson<T[K]> }
  : T;

function specJson<T>(value: T): SpecJson<T> {
  return value as SpecJson<T>;
}

export interface ReadRoutesOptions {
  service: AirflowService;
  httpAuth: HttpAuthService;
  authorizer: AirflowAuthorizer;
}

/** An integer query parameter the validator has checked and given its spec default: a missing one is a bug (500). */
function required(query: express.Request['query'], name: string): number {
  const value = Number(query[name]);
  if (!Number.isInteger(value)) {
    throw new Error(`Query parameter ${name} has no default`);
  }
  return value;
}

/**
 * The reads of the grid, DAG versions and Airflow's event log. Registered
 * after the entity read check of `createRouter` (`airflow.dag.read` on the
 * path's entity), and through the service's binding check, cache and
 * coalescing like every other read. The event log also needs
 * `airflow.dag.eventlog.read` on the DAG: it shows Airflow user names.
 */
export function addReadRoutes(
  router: express.Router,
  options: ReadRoutesOptions,
) {
  const { service, httpAuth, authorizer } = options;
  const userCredentials = (req: HttpRequest) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/grid',
    async (req, res) => {
      const credentials = await userCredentials(req);
      service.assertEnvironment(req.params.environment);
      const limit = required(req.query, 'limit');
      res.json(
        specJson(
          await service.getDagGrid(
            toDagRef(req.params as unknown as DagPathParams, knownEntity(res)),
            limit,
            credentials,
          ),
        ),
      );
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/versions',
    async (req, res) => {
      const credentials = await userCredentials(req);
      service.assertEnvironment(req.params.environment);
      const page = {
        limit: required(req.query, 'limit'),
        offset: required(req.query, 'offset'),
      };
      res.json(
        specJson(
          await service.listDagVersions(
            toDagRef(req.params as unknown as DagPathParams, knownEntity(res)),
            page,
            credentials,
          ),
        ),
      );
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/environments/:environment/dags/:dagId/event-log',
    async (req, res) => {
      const credentials = await userCredentials(req);
      const ref = toDagRef(
        req.params as unknown as DagPathParams,
        knownEntity(res),
      );
      await authorizer.assertDag(
        airflowDagEventLogReadPermission,
        {
          environment: ref.environment,
          dagId: ref.dagId,
          via: stringifyEntityRef(ref.entity),
        },
        credentials,
      );
      service.assertEnvironment(req.params.environment);
      const page = {
        limit: required(req.query, 'limit'),
        offset: required(req.query, 'offset'),
      };
      res.json(specJson(await service.listEventLog(ref, page, credentials)));
    },
  );
}

/**
 * The missing DAGs' import errors as the caller may read them: all of them
 * with `airflow.environment.importErrors.read` on the environment, else
 * those of missing DAGs they may read the logs of (`airflow.task.log.read`,
 * as for any import error); the others are replaced by `importErrorsHidden`.
 */
export async function scopeMissingDagImportErrors(
  response: EntityDagsResponse,
  authorizer: AirflowAuthorizer,
  credentials: BackstageCredentials,
): Promise<EntityDagsResponse> {
  const environments = await Promise.all(
    response.environments.map(async environment => {
      const withErrors = (environment.missingDags ?? []).filter(
        missing => missing.importErrors.length > 0,
      );
      if (
        withErrors.length === 0 ||
        (await authorizer.mayReadAllImportErrors(
          environment.environment,
          credentials,
        ))
      ) {
        return environment;
      }
      const allowed = await authorizer.decideDags(
        airflowTaskLogReadPermission,
        withErrors.map(missing => ({
          environment: environment.environment,
          dagId: missing.dagId,
          via: response.entityRef,
        })),
        credentials,
      );
      const hidden = new Set(
        withErrors.filter((_, i) => !allowed[i]).map(m => m.dagId),
      );
      return {
        ...environment,
        missingDags: environment.missingDags?.map(missing =>
          hidden.has(missing.dagId)
            ? { ...missing, importErrors: [], importErrorsHidden: true }
            : missing,
        ),
      };
    }),
  );
  return { ...response, environments };
}
