import type express from 'express';
import type { EntityDagRef } from '../service/AirflowService';
import type { ReadEntity } from '../service/entityBindings';

/** The path parameters that name a DAG bound to an entity. */
export interface DagPathParams {
  namespace: string;
  kind: string;
  name: string;
  environment: string;
  dagId: string;
}

/** The DAG a request's path names, with the entity already read for it, if any. */
export function toDagRef(
  params: DagPathParams,
  known?: ReadEntity,
): EntityDagRef {
  return {
    entity: {
      namespace: params.namespace,
      kind: params.kind,
      name: params.name,
    },
    environment: params.environment,
    dagId: params.dagId,
    known,
  };
}

/** The entity the read check of this request has read and found readable. */
export function knownEntity(res: express.Response): ReadEntity | undefined {
  return res.locals.entity as ReadEntity | undefined;
}
