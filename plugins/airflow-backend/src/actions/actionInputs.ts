import {
  AIRFLOW_ID_MAX_LENGTH,
  AIRFLOW_KEY_PATTERN,
  ENVIRONMENT_NAME_MAX_LENGTH,
  ENVIRONMENT_NAME_PATTERN,
  isRunId,
} from '@airflow-portal/plugin-airflow-common';
import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import type { RawDagParams } from '../operations/DagOperations';
import type { EntityDagRef } from '../service/AirflowService';

/**
 * The zod the actions registry hands to each schema, as the registry types
 * it (not this package's own import of zod, which may be another copy).
 */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** A string field, typed through `Zod` (declarations name no copy of zod). */
type StringField = ReturnType<Zod['string']>;

/*
 * The input fields every Airflow action shares, with the rules the routes'
 * OpenAPI spec applies to the same values (airflow-common's validation), so
 * that a tool call is refused exactly where the same request to a route is.
 */

export const entityRefField = (z: Zod): StringField =>
  z
    .string()
    .min(1)
    .describe(
      'The catalog entity whose Airflow DAGs to use, as an entity reference "kind:namespace/name" ' +
        '(e.g. "component:default/orders-service"); the kind defaults to component, the namespace to default. ' +
        'Only DAGs the entity is bound to (its airflow.apache.org annotations; for a group, those of what it owns) are reachable.',
    );

export const environmentField = (z: Zod): StringField =>
  z
    .string()
    .max(ENVIRONMENT_NAME_MAX_LENGTH)
    .regex(ENVIRONMENT_NAME_PATTERN, 'not an environment name')
    .describe(
      'The Airflow environment (as the portal names it, e.g. "data-prod"), from list-airflow-dags',
    );

export const dagIdField = (z: Zod): StringField =>
  z
    .string()
    .max(AIRFLOW_ID_MAX_LENGTH)
    .regex(AIRFLOW_KEY_PATTERN, 'not a DAG id')
    .describe('The DAG id');

export const runIdField = (z: Zod): StringField =>
  z
    .string()
    .min(1)
    .max(AIRFLOW_ID_MAX_LENGTH)
    // Control characters are refused by assertRunId, where the run is used.
    .regex(/^(?!\.{1,2}$)/, 'not a run id')
    .describe('The DAG run id, from get-airflow-dag-runs');

export const taskIdField = (z: Zod): StringField =>
  z
    .string()
    .max(AIRFLOW_ID_MAX_LENGTH)
    .regex(AIRFLOW_KEY_PATTERN, 'not a task id')
    .describe('The task id');

export const requestIdField = (z: Zod): StringField =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-zA-Z0-9_.:-]+$/)
    .describe(
      'Chosen once per intent (e.g. a UUID): the same id again answers what was done the first time ' +
        'without acting again, so a retried call never acts twice',
    );

/**
 * The entity of an action's input, as the routes' paths name it. Kind and
 * namespace in lower case, as the catalog compares them and as the UI
 * sends them, so that audit records name the entity the same way.
 */
export function entityOf(entityRef: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `entityRef "${entityRef}" is not an entity reference: ${
        (error as Error).message
      }`,
    );
  }
  return {
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace.toLocaleLowerCase('en-US'),
    name: ref.name,
  };
}

/** The input's DAG, seen through its entity. */
export function dagRefOf(input: {
  entityRef: string;
  environment: string;
  dagId: string;
}): EntityDagRef {
  return {
    entity: entityOf(input.entityRef),
    environment: input.environment,
    dagId: input.dagId,
  };
}

/**
 * The input's target as a refused route's path would name it, for the
 * audit record of an attempt refused before it could be read as a DAG ref.
 */
export function rawParamsOf(input: {
  entityRef: string;
  environment: string;
  dagId: string;
}): RawDagParams {
  let entity: Partial<CompoundEntityRef>;
  try {
    entity = entityOf(input.entityRef);
  } catch {
    // Kept whole, so the record still shows what was asked for.
    entity = { name: input.entityRef };
  }
  return {
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    environment: input.environment,
    dagId: input.dagId,
  };
}

/** A run id as the routes accept it (see `isRunId`): InputError otherwise. */
export function assertRunId(runId: string): void {
  if (!isRunId(runId)) {
    throw new InputError(
      `runId "${encodeURIComponent(runId)}" is not a run id`,
    );
  }
}
