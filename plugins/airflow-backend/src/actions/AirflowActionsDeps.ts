import type { AuthService } from '@backstage/backend-plugin-api';
import type { DagOperations } from '../operations/DagOperations';
import type { RunOperations } from '../operations/RunOperations';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { EntityReads } from '../permissions/EntityReads';
import type { AirflowService } from '../service/AirflowService';

/**
 * What the registered actions act through: the same service (reads, with
 * its binding check and cache), permission checks and operations (writes,
 * with their audit trail) as the routes. An action adds no path of its own
 * to Airflow.
 */
export interface AirflowActionsDeps {
  /** Tells a user's credentials from a service's. */
  auth: Pick<AuthService, 'isPrincipal'>;
  service: AirflowService;
  /** `airflow.dag.read` on the entity, as every route under an entity checks it. */
  entityReads: EntityReads;
  authorizer: AirflowAuthorizer;
  /** Trigger, pause and unpause. */
  operations: DagOperations;
  /** Clear of a run or of its task instances. */
  runOperations: RunOperations;
}
