import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The Airflow entity provider (`@airflow-portal/plugin-catalog-backend-module-airflow`). */
      airflow?: {
        /** How often the environments are read again; default every 10 minutes, 2 minutes' timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        dags?: {
          /** Also publish every DAG as a Resource of type `airflow-dag` (default false). */
          enabled?: boolean;
        };
      };
    };
  };
}
