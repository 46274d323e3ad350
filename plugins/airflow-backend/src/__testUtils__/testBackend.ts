import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import {
  type CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import { type AirflowPluginOptions, createAirflowPlugin } from '../plugin';

/** The `prod` environment that the fake transports stand in for. */
export const prodEnvironment = {
  name: 'prod',
  apiVersion: 'v2',
  baseUrl: 'https://airflow.example.com',
  auth: { type: 'jwt', username: 'portal', password: 'secret' },
};

/** A component owned by `owner` (default team-a), bound to `dagIds` (comma-separated) of `environment`. */
export function boundComponent(
  name: string,
  environment: string,
  dagIds: string,
  owner = 'team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'airflow.apache.org/environment': environment,
        'airflow.apache.org/dag-ids': dagIds,
      },
    },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

export interface AirflowTestBackendOptions {
  /** `airflow.environments` in the root config. */
  environments: JsonObject[];
  /** What the catalog mock serves. */
  entities: Entity[];
  /** The catalog itself instead of a mock serving `entities` (e.g. to count its calls). */
  catalog?: CatalogService;
  /** Passed to `createAirflowPlugin`. */
  plugin?: AirflowPluginOptions;
  /** Further service factories: permissions, httpAuth, database. */
  services?: BackendFeature[];
}

/**
 * An in-memory SQLite database per plugin, destroyed when the backend stops.
 * The default one of `startTestBackend` is never destroyed, and its pool's
 * reaping interval keeps the test process alive after the last test.
 */
const disposableDatabase = createServiceFactory({
  service: coreServices.database,
  deps: { lifecycle: coreServices.lifecycle },
  factory({ lifecycle }) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    lifecycle.addShutdownHook(() => knex.destroy());
    return { getClient: async () => knex };
  },
});

function isDatabaseFactory(feature: BackendFeature): boolean {
  const { service } = feature as { service?: { id: string } };
  return service?.id === coreServices.database.id;
}

/** The Airflow plugin on a test backend, with its config and a catalog mock. */
export function startAirflowTestBackend(options: AirflowTestBackendOptions) {
  const services = options.services ?? [];
  const { catalog } = options;
  return startTestBackend({
    features: [
      createAirflowPlugin(options.plugin),
      mockServices.rootConfig.factory({
        data: { airflow: { environments: options.environments } },
      }),
      catalog
        ? createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalog,
          })
        : catalogServiceMock.factory({ entities: options.entities }),
      ...(services.some(isDatabaseFactory) ? [] : [disposableDatabase]),
      ...services,
    ],
  });
}
