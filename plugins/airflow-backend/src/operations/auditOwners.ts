import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NewAuditRecord } from '../audit/types';
import { entityOwnerRefs } from '../permissions/DagResources';

export interface AuditOwnersOptions {
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * The owners an audit record keeps of its target: the owners of the entity
 * the attempt was made through, read from the catalog as the plugin, so that
 * the team owning it may read the record. Only the catalog is asked: an
 * attempt that cannot be recorded, or was rejected, never makes the portal
 * call Airflow. An entity that does not resolve (a rejected request's
 * made-up path) adds no owner.
 */
export function auditOwners(
  options: AuditOwnersOptions,
): (record: NewAuditRecord) => Promise<string[]> {
  const { catalog, auth } = options;
  return async record => {
    let entity;
    try {
      entity = await catalog.getEntityByRef(record.entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
    } catch {
      // Not an entity ref (a rejected request's path): no owner.
      return [];
    }
    return entity ? entityOwnerRefs(entity) : [];
  };
}
