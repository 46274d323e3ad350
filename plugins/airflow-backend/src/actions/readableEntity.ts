import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { EntityReads } from '../permissions/EntityReads';
import type { AirflowService } from '../service/AirflowService';
import type { ReadEntity } from '../service/entityBindings';

/**
 * The read check every route under an entity passes (createRouter's
 * `/entities/:namespace/:kind/:name` guard), for a registry call: the entity
 * read with the caller's credentials, `airflow.dag.read` decided on it
 * (NotAllowedError), and the entity handed to the service so that it is not
 * read again. Undefined when the caller may not see the entity in the
 * catalog: the service's own read then answers 404, as a route does.
 */
export async function readableEntity(
  deps: {
    entityReads: Pick<EntityReads, 'decide'>;
    service: Pick<AirflowService, 'readEntity'>;
  },
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
): Promise<ReadEntity | undefined> {
  const entityRef = stringifyEntityRef(ref);
  const decision = await deps.entityReads.decide(credentials);
  if (decision.deniedOutright) {
    // A denial does not depend on the entity: it is not read.
    await decision.assert(entityRef, undefined);
  }
  const { entity, ownedCandidates } = await deps.service.readEntity(
    ref,
    credentials,
  );
  await decision.assert(entityRef, entity);
  if (!entity) {
    return undefined;
  }
  return {
    entity,
    mayRead: entities => decision.mayRead(entities),
    ownedCandidates,
  };
}
