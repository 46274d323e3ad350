import { createHash } from 'node:crypto';

/** Prefix of run ids the portal chooses; recognisable in the Airflow UI. */
export const PORTAL_RUN_ID_PREFIX = 'portal__';

/**
 * The Airflow run id of a trigger: the same actor, environment, DAG and
 * client `requestId` always give the same id, so a retried or double-clicked
 * trigger meets Airflow's unique constraint (409) instead of starting a second
 * run. 40 characters (128 bits of hash), well inside Airflow's 250.
 */
export function deriveRunId(parts: {
  actor: string;
  environment: string;
  dagId: string;
  requestId: string;
}): string {
  const hash = createHash('sha256')
    .update(
      [parts.actor, parts.environment, parts.dagId, parts.requestId].join('\n'),
    )
    .digest('hex');
  return `${PORTAL_RUN_ID_PREFIX}${hash.slice(0, 32)}`;
}
