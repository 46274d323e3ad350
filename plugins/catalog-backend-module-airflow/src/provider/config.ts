import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/** Every 10 minutes, each run given 2 minutes: environments change rarely. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 15 },
};

export interface ProviderSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  includeDags: boolean;
}

/** `catalog.providers.airflow` (see config.d.ts); everything optional. */
export function readProviderConfig(config: Config): ProviderSettings {
  const own = config.getOptionalConfig('catalog.providers.airflow');
  const schedule = own?.getOptionalConfig('schedule');
  return {
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    includeDags: own?.getOptionalBoolean('dags.enabled') ?? false,
  };
}
