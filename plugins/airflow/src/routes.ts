import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Airflow ops page in apps on the legacy frontend system. */
export const rootRouteRef = createRouteRef({ id: 'airflow' });
