import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { airflowDagTriggerPermission } from '@airflow-portal/plugin-airflow-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuditTrail } from './audit/AuditTrail';
import { KnexAuditStore } from './audit/KnexAuditStore';
import { scheduleUnknownReconciliation } from './operations/reconcileUnknown';
import { scheduleAuditRetention } from './audit/retention';
import type { AuditStore } from './audit/types';
import { readAirflowConfig } from './config/readAirflowConfig';
import type { EnvironmentConfig } from './config/types';
import {
  EnvironmentRegistry,
  type TransportFactory,
} from './environments/EnvironmentRegistry';
import { auditOwners } from './operations/auditOwners';
import { dagOwnerRefs } from './permissions/dagOwnerRefs';
import { RunOperations } from './operations/RunOperations';
import { DagOperations } from './operations/DagOperations';
import { ApprovalOperations } from './operations/ApprovalOperations';
import { BackfillOperations } from './operations/BackfillOperations';
import { ApprovalsAndBackfillsReader } from './service/ApprovalsAndBackfillsReader';
import { EnvironmentWebLogin } from './operations/EnvironmentWebLogin';
import { AirflowAuthorizer } from './permissions/AirflowAuthorizer';
import { DagConfVisibility } from './permissions/confVisibility';
import { DagResources } from './permissions/DagResources';
import { EntityReads } from './permissions/EntityReads';
import { RecentDecisions } from './permissions/RecentDecisions';
import { SharedEntityReads } from './permissions/SharedEntityReads';
import { readEntityAndOwned } from './service/entityBindings';
import { registerPermissions } from './permissions/registerPermissions';
import { airflowCatalogEntityResourceRef } from './permissions/resources';
import { createRouter } from './router/createRouter';
import { AirflowInventory } from './service/AirflowInventory';
import { AirflowService } from './service/AirflowService';
import { createTransport } from './transport/createTransport';
import { FailSoftCache } from './service/FailSoftCache';
import { unavailableOnFailure } from './permissions/unavailableOnFailure';
import {
  createWebLoginSource,
  type WebLoginSource,
} from './transport/mwaaWebLogin';
import { startNotifications } from './notifications/startNotifications';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerAirflowActions } from './actions/registerAirflowActions';

export interface AirflowPluginOptions {
  /** Replaces how environments are reached (tests, benchmarks). */
  transportFactory?: TransportFactory;
  /** Replaces the audit store (tests). */
  auditStore?: AuditStore;
  /** Replaces how an environment's Airflow UI is opened signed in (tests). */
  webLoginFactory?: (
    environment: EnvironmentConfig,
  ) => WebLoginSource | undefined;
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
          auth: coreServices.auth,
          cache: coreServices.cache,
          catalog: catalogServiceRef,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          auditor: coreServices.auditor,
          notifications: notificationService,
          actionsRegistry: actionsRegistryServiceRef,
        },
        async init({
          config,
          logger,
          httpRouter,
          httpAuth,
          auth,
          cache,
          catalog,
          permissions,
          permissionsRegistry,
          database,
          scheduler,
          auditor,
          notifications,
          actionsRegistry,
        }) {
          // config → environments (transport + adapter each) → service
          // (reads) / operations (writes) → router
          const airflowConfig = readAirflowConfig(config);
          const { environments } = airflowConfig;
          if (environments.length === 0) {
            logger.warn(
              'No Airflow environments configured (airflow.environments); the Airflow routes will answer with empty lists',
            );
          }
          // One registry: each environment has one transport (tokens,
          // concurrency limit) and one adapter, for reads and operations.
          const registry = new EnvironmentRegistry(
            environments,
            options.transportFactory ??
              (environment =>
                createTransport(environment, {
                  logger: logger.child({ environment: environment.name }),
                })),
          );

          const auditStore =
            options.auditStore ?? (await KnexAuditStore.create({ database }));
          await scheduleAuditRetention({
            scheduler,
            store: auditStore,
            logger,
            settings: airflowConfig.audit,
          });
          await scheduleUnknownReconciliation({
            scheduler,
            store: auditStore,
            environments: registry,
            logger,
          });

          // A permission backend that cannot answer is a 503, never a 500.
          const guardedPermissions = unavailableOnFailure(permissions);
          // A caller's answers on read permissions, reused for a few
          // seconds (per token): each entity request asks the same ones.
          const recentDecisions = new RecentDecisions({
            permissions: guardedPermissions,
          });
          // airflow.dag.read on entities: one decision per request, applied
          // to the entities the request has read (rules looked up on use:
          // they are registered below).
          const entityReads = new EntityReads({
            permissions: guardedPermissions,
            recentDecisions,
            // What every entity request asks next: its catalog read, and
            // who sees the runs' conf.
            askedWith: [
              catalogEntityReadPermission,
              airflowDagTriggerPermission,
            ],
            airflowEntityRules: () =>
              permissionsRegistry.getPermissionRuleset(
                airflowCatalogEntityResourceRef,
              ),
          });
          const confVisibility = new DagConfVisibility();
          const service = new AirflowService({
            environments: registry,
            // A cache store that fails or stalls (Redis gone) is a miss, never an error.
            cache: FailSoftCache.wrap(cache, logger),
            catalog,
            logger,
            cacheSettings: airflowConfig.cache,
            mayReadEntities: (entities, credentials) =>
              entityReads.mayRead(entities, credentials),
            confVisibility,
            auth,
            sharedEntities: new SharedEntityReads({
              readEntity: (ref, credentials) =>
                readEntityAndOwned(catalog, ref, credentials),
              auth,
              recentDecisions,
            }),
          });
          // Acting on a DAG is decided on facts a catalog author cannot
          // change, unless the deployment chose to trust annotations.
          const dagResources = new DagResources({
            environments: registry,
            dags: service,
            trustedAnnotations: airflowConfig.permissions.trustAnnotations
              ? { catalog, auth }
              : undefined,
          });
          const dagRuleset = registerPermissions({
            registry: permissionsRegistry,
            environments,
            dagResources,
            catalog,
            auth,
          });
          const authorizer = new AirflowAuthorizer({
            permissions: guardedPermissions,
            dagRuleset,
            dagResources,
            recentDecisions,
            environments: environments.map(({ name, tags }) => ({
              name,
              tags,
            })),
          });
          confVisibility.decideWith(authorizer);
          const audit = new AuditTrail({
            store: auditStore,
            auditor,
            logger,
            ownersOf: auditOwners({ catalog, auth }),
          });
          const actionContext = {
            environments: registry,
            dags: service,
            authorizer,
            audit,
          };
          const operations = new DagOperations(actionContext);
          const approvalsAndBackfills = {
            reader: new ApprovalsAndBackfillsReader({
              environments: registry,
              service,
              cache,
              logger,
              cacheSettings: airflowConfig.cache,
            }),
            approvals: new ApprovalOperations({
              ...actionContext,
              records: auditStore,
            }),
            backfills: new BackfillOperations({
              ...actionContext,
              records: auditStore,
            }),
          };
          // UI sign-in identities, one per MWAA environment that has one.
          const webLogins = new Map(
            environments.flatMap(environment => {
              const source = (options.webLoginFactory ?? createWebLoginSource)(
                environment,
              );
              return source ? [[environment.name, source] as const] : [];
            }),
          );
          const webLogin = new EnvironmentWebLogin({
            environments: registry,
            authorizer,
            audit,
            webLoginOf: name => webLogins.get(name),
          });
          const runOperations = new RunOperations({
            environments: registry,
            dags: service,
            authorizer,
            audit,
            auditStore,
          });
          httpRouter.use(
            await createRouter({
              service,
              operations,
              runOperations,
              authorizer,
              entityReads,
              auditStore,
              approvalsAndBackfills,
              httpAuth,
              logger,
              inventory: new AirflowInventory({
                environments: registry,
                service,
                ownerRefsOf: (environment, dag) =>
                  dagOwnerRefs(environment.dagOwners, dag),
              }),
              webLogin,
              requests: airflowConfig.requests,
            }),
          );
          // Failed runs and waiting approvals to the bound entities' owners,
          // when an environment enables it (airflow.environments[].notifications).
          await startNotifications({
            config: airflowConfig,
            environments: registry,
            service,
            catalog,
            auth,
            notifications,
            database,
            scheduler,
            logger,
          });
          // The same reads and operations as tools for assistants (MCP).
          registerAirflowActions(actionsRegistry, {
            auth,
            service,
            entityReads,
            authorizer,
            operations,
            runOperations,
          });
        },
      });
    },
  });
}

/**
 * The Airflow backend plugin: `backend.add(import('@airflow-portal/plugin-airflow-backend'))`.
 *
 * @public
 */
export const airflowPlugin = createAirflowPlugin();
