import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { AirflowNotifier } from './AirflowNotifier';
import {
  NOTIFICATIONS_TASK_ID,
  scheduleNotifications,
} from './scheduleNotifications';

describe('scheduleNotifications', () => {
  it('polls once across replicas, as often as configured, and logs what a poll sent and missed', async () => {
    const scheduled: Array<
      SchedulerServiceTaskScheduleDefinition & {
        id: string;
        fn: () => Promise<void>;
      }
    > = [];
    const scheduler = {
      ...mockServices.scheduler.mock(),
      scheduleTask: jest.fn(async (task: any) => {
        scheduled.push(task);
      }),
    };
    const poll = jest.fn(async () => ({ sent: 2, failed: 1 }));
    const logger = mockServices.logger.mock();

    await scheduleNotifications({
      scheduler,
      notifier: { poll } as unknown as AirflowNotifier,
      settings: {
        enabled: true,
        pollIntervalSeconds: 5,
        initialLookbackMinutes: 60,
      },
      logger,
    });

    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({
      id: NOTIFICATIONS_TASK_ID,
      scope: 'global',
      frequency: { seconds: 5 },
    });
    await scheduled[0].fn();
    expect(poll).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('Sent 2 Airflow notifications');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('1 Airflow notification reads or sends failed'),
    );
  });
});
