import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { AuditSettings } from '../config/types';
import type { AuditStore } from './types';

/** Deletes expired audit records every hour (one instance at a time across replicas). */
export async function scheduleAuditRetention(options: {
  scheduler: SchedulerService;
  store: AuditStore;
  logger: LoggerService;
  settings: AuditSettings;
}): Promise<void> {
  const { scheduler, store, logger, settings } = options;
  await scheduler.scheduleTask({
    id: 'airflow-audit-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const cutoff = new Date(
        Date.now() - settings.retentionDays * 24 * 60 * 60 * 1000,
      );
      const deleted = await store.deleteOlderThan(cutoff);
      if (deleted > 0) {
        logger.info(
          `Deleted ${deleted} Airflow audit records older than ${settings.retentionDays} days`,
        );
      }
    },
  });
}
