import {
  AIRFLOW_DAG_IDS_ANNOTATION,
  AIRFLOW_ENVIRONMENT_ANNOTATION,
  type AirflowInventoryDag,
  type AirflowInventoryEnvironment,
} from '@airflow-portal/plugin-airflow-common';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type EntityLink,
  makeValidator,
  type ResourceEntityV1alpha1,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AIRFLOW_API_VERSION_ANNOTATION,
  AIRFLOW_TRANSPORT_ANNOTATION,
  AIRFLOW_VERSION_ANNOTATION,
} from './annotations';
import { dagEntityName, environmentEntityName } from './entityNames';

/** `spec.type` of an environment Resource. */
export const ENVIRONMENT_RESOURCE_TYPE = 'airflow-environment';
/** `spec.type` of a DAG Resource. */
export const DAG_RESOURCE_TYPE = 'airflow-dag';

const NAMESPACE = 'default';
const validator = makeValidator();

/** Where the entity comes from: the environment, as the provider saw it. */
function managedBy(environment: string) {
  const location = `airflow:${environment}`;
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

/** Airflow tags that are valid catalog tags (lower case, no spaces, …); others are left out. */
function catalogTags(tags: string[]): string[] {
  return Array.from(new Set(tags.filter(tag => validator.isValidTag(tag))));
}

function links(url: string | undefined, title: string): EntityLink[] {
  return url ? [{ url, title, icon: 'dashboard' }] : [];
}

/** Only defined values: the catalog stores annotations as strings. */
function definedOnly(values: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/** `{ [key]: value }`, or nothing for an absent or empty value. */
function optional(key: string, value: string | undefined) {
  return value ? { [key]: value } : {};
}

/** The ref components use in `dependsOn` for this environment. */
export function environmentEntityRef(environment: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: NAMESPACE,
    name: environmentEntityName(environment),
  });
}

/**
 * An environment as a Resource. Only what the Airflow backend lets anyone
 * see of it: name, title, description, tags, owner, the UI's URL (which the
 * backend refuses to hold credentials or a query string), the Airflow version
 * and the kind of transport.
 */
export function environmentEntity(
  environment: AirflowInventoryEnvironment,
  owner: string,
): ResourceEntityV1alpha1 {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: environmentEntityName(environment.name),
      namespace: NAMESPACE,
      title: environment.title,
      ...optional('description', environment.description),
      tags: catalogTags(environment.tags),
      links: links(environment.uiUrl, 'Airflow UI'),
      annotations: definedOnly({
        ...managedBy(environment.name),
        [AIRFLOW_ENVIRONMENT_ANNOTATION]: environment.name,
        [AIRFLOW_VERSION_ANNOTATION]: environment.version,
        [AIRFLOW_API_VERSION_ANNOTATION]: environment.apiVersion,
        [AIRFLOW_TRANSPORT_ANNOTATION]: environment.transport,
      }),
    },
    spec: { type: ENVIRONMENT_RESOURCE_TYPE, owner },
  };
}

/**
 * A DAG as a Resource that its environment depends on being there, owned by
 * the first catalog ref its Airflow owners map to (else the environment's
 * owner). Its own annotations bind it, so its page has the Airflow tab.
 */
export function dagEntity(
  environment: AirflowInventoryEnvironment,
  dag: AirflowInventoryDag,
  environmentOwner: string,
): ResourceEntityV1alpha1 {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: dagEntityName(environment.name, dag.dagId),
      namespace: NAMESPACE,
      title: dag.displayName || dag.dagId,
      ...optional('description', dag.description),
      tags: catalogTags(dag.tags),
      links: links(dag.uiUrl, 'DAG in Airflow'),
      annotations: {
        ...managedBy(environment.name),
        [AIRFLOW_ENVIRONMENT_ANNOTATION]: environment.name,
        [AIRFLOW_DAG_IDS_ANNOTATION]: dag.dagId,
      },
    },
    spec: {
      type: DAG_RESOURCE_TYPE,
      owner: dag.ownerRefs[0] ?? environmentOwner,
      dependencyOf: [environmentEntityRef(environment.name)],
    },
  };
}
