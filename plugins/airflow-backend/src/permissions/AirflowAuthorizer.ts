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
  type AuthorizePermissionRequest,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** One permission request and the reason given when it is denied. */
interface Check {
  request: AuthorizePermissionRequest;
  denied: string;
}

/**
 * Every permission check of the routes and actions. Decisions come from the
 * permission backend: a conditional decision on a catalog entity is applied by
 * the plugin named in it (the catalog, or this plugin for the same rules), on
 * an environment by this plugin. Denials are `NotAllowedError`s with a reason.
 */
export class AirflowAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /**
   * All `checks` in one request to the permission backend; the first denied one
   * (in the given order) becomes the `NotAllowedError`.
   */
  private async assertAll(
    checks: Check[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const decisions = await this.permissions.authorize(
      checks.map(check => check.request),
      { credentials },
    );
    const denied = decisions.findIndex(
      decision => decision.result !== AuthorizeResult.ALLOW,
    );
    if (denied >= 0) {
      throw new NotAllowedError(checks[denied].denied);
    }
  }

  assertBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll([basicCheck(permission)], credentials);
  }

  /** `permission` on the catalog entity `entityRef`. */
  assertEntity(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll([entityCheck(permission, entityRef)], credentials);
  }

  /** An action: the DAG permission on the entity and operate on the environment. */
  assertAction(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return this.assertAll(
      [entityCheck(permission, entityRef), operateCheck(environment)],
      credentials,
    );
  }

  readDags(entityRef: string, credentials: BackstageCredentials) {
    return this.assertEntity(airflowDagReadPermission, entityRef, credentials);
  }

  /** Logs need both: seeing the DAG, and the log permission. */
  readLogs(entityRef: string, credentials: BackstageCredentials) {
    return this.assertAll(
      [
        entityCheck(airflowDagReadPermission, entityRef),
        entityCheck(airflowTaskLogReadPermission, entityRef),
      ],
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

function basicCheck(permission: BasicPermission): Check {
  return {
    request: { permission },
    denied: `Permission ${permission.name} is required`,
  };
}

function entityCheck(
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
): Check {
  return {
    request: { permission, resourceRef: entityRef },
    denied: `Permission ${permission.name} on ${entityRef} is required`,
  };
}

function operateCheck(environment: string): Check {
  return {
    request: {
      permission: airflowEnvironmentOperatePermission,
      resourceRef: environment,
    },
    denied: `Permission ${airflowEnvironmentOperatePermission.name} on environment "${environment}" is required`,
  };
}
