import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Airflow ops page in apps on the legacy frontend system.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'airflow' });

/**
 * Route of the Airflow audit page in apps on the legacy frontend system.
 *
 * @public
 */
export const auditRouteRef = createRouteRef({ id: 'airflow-audit' });
