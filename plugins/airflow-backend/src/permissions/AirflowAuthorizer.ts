import {
  airflowAuditReadPermission,
  airflowDagReadPermission,
  airflowEnvironmentOperatePermission,
  airflowEnvironmentReadPermission,
  airflowTaskLogReadPermission,
} from '@airflow-portal/plugin-airflow-common';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Every permission check of the routes and actions. Decisions come from the
 * permission backend: a conditional decision on a catalog entity is applied by
 * the plugin named in it (the catalog, or this plugin for the same rules), on
 * an environment by this plugin. Denials are `NotAllowedError`s with a reason.
 */
export class AirflowAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  async assertBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Permission ${permission.name} is required`);
    }
  }

  /** `permission` on the catalog entity `entityRef`. */
  async assertEntity(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission ${permission.name} on ${entityRef} is required`,
      );
    }
  }

  /** `airflow.environment.operate` on the environment `environment`. */
  async assertOperate(
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: airflowEnvironmentOperatePermission,
          resourceRef: environment,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission ${airflowEnvironmentOperatePermission.name} on environment "${environment}" is required`,
      );
    }
  }

  /** An action: the DAG permission on the entity and operate on the environment. */
  async assertAction(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.assertEntity(permission, entityRef, credentials);
    await this.assertOperate(environment, credentials);
  }

  readDags(entityRef: string, credentials: BackstageCredentials) {
    return this.assertEntity(airflowDagReadPermission, entityRef, credentials);
  }

  /** Logs need both: seeing the DAG, and the log permission. */
  async readLogs(entityRef: string, credentials: BackstageCredentials) {
    await this.readDags(entityRef, credentials);
    await this.assertEntity(
      airflowTaskLogReadPermission,
      entityRef,
      credentials,
    );
  }

  readEnvironments(credentials: BackstageCredentials) {
    return this.assertBasic(airflowEnvironmentReadPermission, credentials);
  }

  readAudit(credentials: BackstageCredentials) {
    return this.assertBasic(airflowAuditReadPermission, credentials);
  }
}
