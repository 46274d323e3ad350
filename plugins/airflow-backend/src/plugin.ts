import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readEnvironmentsConfig } from './environments/readEnvironmentsConfig';
import { createRouter } from './router/createRouter';
import { AirflowService } from './service/AirflowService';
import { readCacheSettings } from './service/cacheSettings';
import type { TransportFactory } from './service/EnvironmentRegistry';
import { createTransport } from './transport/createTransport';

export interface AirflowPluginOptions {
  /** Replaces how environments are reached (tests, benchmarks). */
  transportFactory?: TransportFactory;
}

/**
 * Creates the Airflow backend plugin. Use the default export unless the
 * transports have to be replaced.
 */
export function createAirflowPlugin(options: AirflowPluginOptions = {}) {
  return createBackendPlugin({
    pluginId: 'airflow',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          cache: coreServices.cache,
          catalog: catalogServiceRef,
        },
        async init({ config, logger, httpRouter, httpAuth, cache, catalog }) {
          const environments = readEnvironmentsConfig(config);
          if (environments.length === 0) {
            logger.warn(
              'No Airflow environments configured (airflow.environments); the Airflow routes will answer with empty lists',
            );
          }
          const transportFactory: TransportFactory =
            options.transportFactory ??
            (environment =>
              createTransport(environment, {
                logger: logger.child({ environment: environment.name }),
              }));
          const service = new AirflowService({
            environments,
            transportFactory,
            cache,
            catalog,
            logger,
            cacheSettings: readCacheSettings(config),
          });
          httpRouter.use(await createRouter({ service, httpAuth, logger }));
        },
      });
    },
  });
}

/** The Airflow backend plugin: `backend.add(import('@airflow-portal/plugin-airflow-backend'))`. */
export const airflowPlugin = createAirflowPlugin();
