import {
  AIRFLOW_ENVIRONMENT_ANNOTATION,
  isAirflowNotificationsOptedOut,
} from '@airflow-portal/plugin-airflow-common';
import type { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  bindingsByEnvironment,
  boundRefsOf,
  type EnvironmentBinding,
  toBound,
} from '../service/entityBindings';

/** Catalog entities read per page. */
const ENTITY_PAGE_SIZE = 500;

/** What a notification needs of an entity: its ref, and where its Airflow tab is. */
export type NotifiedEntity = Pick<Entity, 'kind' | 'metadata'> & {
  entityRef: string;
};

/**
 * The catalog entities whose annotations bind DAGs and that have not opted
 * out of notifications, read once per poll with the plugin's own
 * credentials; which of them a DAG is bound to is decided by the same code
 * as the entity pages (`bindingsByEnvironment`, `boundRefsOf`), on the DAG's
 * id and its tags as Airflow reports them.
 */
export class BoundEntities {
  static async read(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): Promise<BoundEntities> {
    const { catalog, auth } = options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: ENTITY_PAGE_SIZE }
          : {
              filter: {
                [`metadata.annotations.${AIRFLOW_ENVIRONMENT_ANNOTATION}`]:
                  CATALOG_FILTER_EXISTS,
              },
              fields: ['kind', 'metadata'],
              limit: ENTITY_PAGE_SIZE,
            },
        { credentials },
      );
      entities.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return new BoundEntities(entities);
  }

  private readonly byRef = new Map<string, NotifiedEntity>();
  private readonly byEnvironment: Map<string, EnvironmentBinding>;

  constructor(entities: Entity[]) {
    const notified = entities.filter(e => !isAirflowNotificationsOptedOut(e));
    for (const entity of notified) {
      const entityRef = stringifyEntityRef(entity);
      this.byRef.set(entityRef, {
        kind: entity.kind,
        metadata: entity.metadata,
        entityRef,
      });
    }
    this.byEnvironment = new Map(
      bindingsByEnvironment(notified.map(toBound)).map(b => [b.environment, b]),
    );
  }

  /** Whether any entity binds DAGs of the environment by tag (then the DAGs' tags are needed). */
  bindsTagsIn(environment: string): boolean {
    return (this.byEnvironment.get(environment)?.dagTags.size ?? 0) > 0;
  }

  /** The entities the DAG is bound to, by ref; empty when none (or all opted out). */
  of(environment: string, dagId: string, tags: string[]): NotifiedEntity[] {
    const binding = this.byEnvironment.get(environment);
    if (!binding) {
      return [];
    }
    return boundRefsOf(binding, dagId, tags)
      .sort()
      .flatMap(ref => this.byRef.get(ref) ?? []);
  }
}
