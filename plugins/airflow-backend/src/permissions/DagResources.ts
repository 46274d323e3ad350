import {
  parseAirflowDagResourceRef,
  readAirflowAnnotations,
  type AirflowDag,
  type AirflowDagResourceRef,
} from '@airflow-portal/plugin-airflow-common';
import type { AuthService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EnvironmentConfig } from '../config/types';
import { dagOwnerRefs } from './dagOwnerRefs';
import type { DagResource } from './resources';

export interface DagResourcesOptions {
  environments: {
    find(name: string): { config: EnvironmentConfig } | undefined;
  };
  /** The DAG as Airflow describes it; undefined when Airflow does not know it. */
  dags: {
    getDagFacts(
      environment: string,
      dagId: string,
    ): Promise<AirflowDag | undefined>;
  };
  /**
   * Set only when the deployment trusts catalog annotations
   * (`airflow.permissions.trustAnnotations`): how to read the entity a ref names.
   */
  trustedAnnotations?: { catalog: CatalogService; auth: AuthService };
}

/**
 * Builds `airflow-dag` resources for the permission rules, from the portal's
 * config and Airflow's metadata (through the service's cache). Whatever names
 * the DAG (a route, a resource ref from the browser) cannot add facts to it,
 * except the `via` entity's owners where annotations are trusted.
 */
export class DagResources {
  constructor(private readonly options: DagResourcesOptions) {}

  /**
   * Undefined for an environment that is not configured or a DAG Airflow
   * does not know. `known`: the DAG as just read from Airflow (a listing),
   * which saves reading it again.
   */
  async load(
    ref: AirflowDagResourceRef,
    known?: AirflowDag,
  ): Promise<DagResource | undefined> {
    const environment = this.options.environments.find(ref.environment);
    if (!environment) {
      return undefined;
    }
    const dag =
      known?.dagId === ref.dagId
        ? known
        : await this.options.dags.getDagFacts(ref.environment, ref.dagId);
    if (!dag) {
      return undefined;
    }
    const { config } = environment;
    const ownerRefs = dagOwnerRefs(config.dagOwners, dag);
    if (ref.via && this.options.trustedAnnotations) {
      for (const owner of await this.ownersOfBindingEntity(
        ref.via,
        ref.environment,
        dag,
      )) {
        if (!ownerRefs.includes(owner)) {
          ownerRefs.push(owner);
        }
      }
    }
    return {
      environment: ref.environment,
      environmentTags: config.tags,
      production: config.production,
      dagId: ref.dagId,
      owners: dag.owners,
      tags: dag.tags,
      ownerRefs,
    };
  }

  /** For the permission framework's `getResources`: refs as strings, in order. */
  loadRefs(refs: string[]): Promise<Array<DagResource | undefined>> {
    return Promise.all(
      refs.map(async text => {
        const ref = parseAirflowDagResourceRef(text);
        return ref ? this.load(ref) : undefined;
      }),
    );
  }

  /** The owners of `entityRef` if its own annotations bind `dag`; none otherwise. */
  private async ownersOfBindingEntity(
    entityRef: string,
    environment: string,
    dag: AirflowDag,
  ): Promise<string[]> {
    const { catalog, auth } = this.options.trustedAnnotations!;
    let entity: Entity | undefined;
    try {
      entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
    } catch {
      // Not an entity ref: nothing to trust.
      return [];
    }
    if (!entity) {
      return [];
    }
    const binding = readAirflowAnnotations(entity);
    const binds =
      binding.environments.includes(environment) &&
      (binding.dagIds.includes(dag.dagId) ||
        dag.tags.some(tag => binding.dagTags.includes(tag)));
    return binds ? entityOwnerRefs(entity) : [];
  }
}

/** The entity's owners: its `ownedBy` relations, or `spec.owner` resolved in its namespace. */
export function entityOwnerRefs(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef);
  if (related.length > 0) {
    return related;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.length === 0) {
    return [];
  }
  return [
    stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ),
  ];
}
