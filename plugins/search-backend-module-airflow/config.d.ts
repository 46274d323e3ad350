import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The Airflow DAG collator (`@airflow-portal/plugin-search-backend-module-airflow`). */
      airflow?: {
        /** How often DAGs are indexed again; default every 10 minutes, 5 minutes' timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
