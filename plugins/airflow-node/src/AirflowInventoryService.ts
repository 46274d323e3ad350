import type { AirflowInventoryResponse } from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * @public
 */
export interface AirflowInventoryRequest {
  /** Also list every DAG of every environment (one cached DAG list per environment). */
  includeDags?: boolean;
  /**
   * Whom the Airflow backend authorizes: a user's credentials when acting on
   * their behalf, or the calling plugin's own (`auth.getOwnServiceCredentials()`)
   * for scheduled work such as an entity provider or a search collator.
   */
  credentials: BackstageCredentials;
}

/**
 * The configured Airflow environments and their DAGs, as the Airflow backend
 * plugin knows them. Other plugins and their modules read Airflow through it
 * and never hold Airflow credentials themselves.
 *
 * @public
 */
export interface AirflowInventoryService {
  getInventory(
    request: AirflowInventoryRequest,
  ): Promise<AirflowInventoryResponse>;
}
