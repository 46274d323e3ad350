import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationSettings } from '../config/types';
import type { AirflowNotifier } from './AirflowNotifier';

/** The scheduler's task id: one task across all replicas. */
export const NOTIFICATIONS_TASK_ID = 'airflow-notifications-poll';

/**
 * Polls every `pollIntervalSeconds`, once across replicas (the scheduler's
 * global tasks hold a lock in the database); the ledger makes a second
 * sender harmless anyway.
 */
export async function scheduleNotifications(options: {
  scheduler: SchedulerService;
  notifier: AirflowNotifier;
  settings: NotificationSettings;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, notifier, settings, logger } = options;
  const seconds = settings.pollIntervalSeconds;
  await scheduler.scheduleTask({
    id: NOTIFICATIONS_TASK_ID,
    scope: 'global',
    frequency: { seconds },
    // A poll that hangs on Airflow is given up before the next one is due.
    timeout: { seconds: Math.max(seconds * 5, 60) },
    initialDelay: { seconds: Math.min(seconds, 30) },
    fn: async () => {
      const { sent, failed } = await notifier.poll();
      if (sent > 0) {
        logger.info(`Sent ${sent} Airflow notifications`);
      }
      if (failed > 0) {
        logger.warn(
          `${failed} Airflow notification reads or sends failed; retrying at the next poll`,
        );
      }
    },
  });
}
