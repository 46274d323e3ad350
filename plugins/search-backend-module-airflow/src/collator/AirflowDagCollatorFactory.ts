import {
  AIRFLOW_ENVIRONMENT_ANNOTATION,
  airflowDagReadPermission,
  type AirflowInventoryEnvironment,
} from '@airflow-portal/plugin-airflow-common';
import type { AirflowInventoryService } from '@airflow-portal/plugin-airflow-node';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Readable } from 'node:stream';
import {
  AIRFLOW_DAG_DOCUMENT_TYPE,
  type AirflowDagDocument,
} from './AirflowDagDocument';
import { dagDocuments } from './dagDocuments';

/** Catalog entities read per page. */
const ENTITY_PAGE_SIZE = 500;

/**
 * Indexes the DAGs bound to catalog entities. It reads with the search
 * plugin's own service credentials (every DAG and entity); each document
 * names its entity as the resource of `airflow.dag.read`, so the search
 * backend's permission filter hides a result from whoever may not see that
 * entity's DAGs.
 *
 * @public
 */
export class AirflowDagCollatorFactory implements DocumentCollatorFactory {
  readonly type = AIRFLOW_DAG_DOCUMENT_TYPE;
  readonly visibilityPermission = airflowDagReadPermission;

  constructor(
    private readonly options: {
      inventory: AirflowInventoryService;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<AirflowDagDocument> {
    const { inventory, catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { environments } = await inventory.getInventory({
      includeDags: true,
      credentials,
    });
    // A partial index would drop the DAGs of an environment that is down
    // until the next run: fail, and the search engine keeps the last index.
    const failed = environments.filter(environment => environment.error);
    if (failed.length > 0) {
      throw new Error(
        `Airflow DAGs could not be read from ${failed
          .map(e => `"${e.name}"`)
          .join(', ')}`,
      );
    }
    const byName = new Map<string, AirflowInventoryEnvironment>(
      environments.map(environment => [environment.name, environment]),
    );
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
              limit: ENTITY_PAGE_SIZE,
            },
        { credentials },
      );
      for (const entity of page.items) {
        yield* dagDocuments(entity, byName);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }
}
