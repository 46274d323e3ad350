import type {
  AirflowApproval,
  AirflowDag,
  AirflowDagRun,
  AirflowPage,
} from '@airflow-portal/plugin-airflow-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { EndedRunsRequest, PageRequest } from '../api/AirflowApiAdapter';
import type { EnvironmentConfig, NotificationSettings } from '../config/types';
import { describeError } from '../transport/errors';
import type { BoundEntities, NotifiedEntity } from './BoundEntities';
import type {
  NotificationLedger,
  NotificationSubject,
} from './NotificationLedger';
import { approvalNotification, runNotification } from './notificationMessages';

/** Runs ending close to a poll may be reported late by Airflow: each poll reads again this far back. */
export const OVERLAP_MS = 5 * 60_000;
/** Items read per call, and calls per environment and poll; the rest waits for the next poll. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;
/** What was sent is forgotten after this long (far beyond any window a poll reads again). */
export const LEDGER_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** What the notifier reads of one environment: the adapter's runs listing and approvals. */
export interface NotifierAdapter {
  listEndedRuns(request: EndedRunsRequest): Promise<AirflowPage<AirflowDagRun>>;
  approvals: {
    listPending(request: PageRequest): Promise<AirflowPage<AirflowApproval>>;
  };
}

/** One configured environment as the registry has it. */
export interface NotifierEnvironment {
  name: string;
  config: Pick<EnvironmentConfig, 'title' | 'notifications'>;
  adapter(): Promise<NotifierAdapter>;
}

export interface AirflowNotifierOptions {
  environments: () => NotifierEnvironment[];
  /** Every active DAG of the environment (the service's cached list): their tags bind too. */
  dagsOf: (environment: string) => Promise<AirflowDag[]>;
  /** The catalog's bound entities, read once per poll. */
  boundEntities: () => Promise<BoundEntities>;
  ledger: NotificationLedger;
  /** `notificationService.send` of `@backstage/plugin-notifications-node`. */
  send: (options: NotificationSendOptions) => Promise<void>;
  settings: NotificationSettings;
  logger: LoggerService;
  now?: () => Date;
}

/** What one poll did, for the log and the tests. */
export interface PollSummary {
  sent: number;
  failed: number;
}

/**
 * Polls the environments whose notifications are enabled and notifies the
 * owners of the entities bound to a DAG when one of its runs ends in a
 * notified state, or one of its approvals waits. Each run state and each
 * approval is sent once: the ledger in the plugin's database is claimed
 * before sending. Per environment, runs are read from where the last
 * complete poll stopped; a poll that fails (Airflow, the catalog, the
 * notifications backend) leaves that point where it was, so the next poll
 * reads the same runs again and sends what was not sent.
 */
export class AirflowNotifier {
  private readonly now: () => Date;

  constructor(private readonly options: AirflowNotifierOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Whether any environment notifies at all. */
  static anyEnabled(environments: NotifierEnvironment[]): boolean {
    return environments.some(e => e.config.notifications?.enabled);
  }

  async poll(): Promise<PollSummary> {
    const { logger, ledger } = this.options;
    const summary: PollSummary = { sent: 0, failed: 0 };
    const enabled = this.options
      .environments()
      .filter(e => e.config.notifications?.enabled);
    if (enabled.length === 0) {
      return summary;
    }
    let entities: BoundEntities;
    try {
      entities = await this.options.boundEntities();
    } catch (error) {
      logger.warn(
        `Airflow notifications: the catalog could not be read, retrying at the next poll: ${describeError(
          error,
        )}`,
      );
      return { sent: 0, failed: 1 };
    }
    for (const environment of enabled) {
      try {
        const result = await this.pollEnvironment(environment, entities);
        summary.sent += result.sent;
        summary.failed += result.failed;
      } catch (error) {
        // The ledger's database: nothing was advanced, the next poll reads again.
        this.logFailure(environment.name, 'the poll failed', error);
        summary.failed += 1;
      }
    }
    await ledger.deleteSentBefore(
      new Date(this.now().getTime() - LEDGER_RETENTION_MS),
    );
    return summary;
  }

  private async pollEnvironment(
    environment: NotifierEnvironment,
    entities: BoundEntities,
  ): Promise<PollSummary> {
    const summary: PollSummary = { sent: 0, failed: 0 };
    const notifications = environment.config.notifications!;
    let adapter: NotifierAdapter;
    let tagsOf: (dagId: string) => string[];
    try {
      adapter = await environment.adapter();
      tagsOf = await this.dagTags(environment.name, entities);
    } catch (error) {
      this.logFailure(environment.name, 'its DAGs could not be read', error);
      return { sent: 0, failed: 1 };
    }
    const runs = await this.notifyRuns(
      environment,
      adapter,
      tagsOf,
      entities,
      notifications.runStates,
    );
    summary.sent += runs.sent;
    summary.failed += runs.failed;
    if (notifications.approvals) {
      const approvals = await this.notifyApprovals(
        environment,
        adapter,
        tagsOf,
        entities,
      );
      summary.sent += approvals.sent;
      summary.failed += approvals.failed;
    }
    return summary;
  }

  /** The tags of each DAG, read only when some entity binds this environment's DAGs by tag. */
  private async dagTags(
    environment: string,
    entities: BoundEntities,
  ): Promise<(dagId: string) => string[]> {
    if (!entities.bindsTagsIn(environment)) {
      return () => [];
    }
    const dags = await this.options.dagsOf(environment);
    const tags = new Map(dags.map(dag => [dag.dagId, dag.tags]));
    return dagId => tags.get(dagId) ?? [];
  }

  private async notifyRuns(
    environment: NotifierEnvironment,
    adapter: NotifierAdapter,
    tagsOf: (dagId: string) => string[],
    entities: BoundEntities,
    states: Array<'failed' | 'success'>,
  ): Promise<PollSummary> {
    const { ledger, settings } = this.options;
    const summary: PollSummary = { sent: 0, failed: 0 };
    const pollStart = this.now();
    let since: Date;
    const readUntil = await ledger.readUntil(environment.name);
    if (readUntil) {
      since = new Date(readUntil.getTime() - OVERLAP_MS);
    } else {
      // The first poll's starting point is kept before reading: should it
      // fail, the next poll starts from there, not from its own time.
      since = new Date(
        pollStart.getTime() - settings.initialLookbackMinutes * 60_000,
      );
      await ledger.setReadUntil(environment.name, since);
    }
    let next = pollStart;
    try {
      for (let pageIndex = 0; ; pageIndex++) {
        const page = await adapter.listEndedRuns({
          states,
          endDateGte: since.toISOString(),
          limit: PAGE_SIZE,
          offset: pageIndex * PAGE_SIZE,
        });
        for (const run of page.items) {
          const bound = entities.of(
            environment.name,
            run.dagId,
            tagsOf(run.dagId),
          );
          const sent = await this.sendOnce(
            {
              kind: 'run',
              environment: environment.name,
              dagId: run.dagId,
              runId: run.runId,
              state: run.state,
            },
            bound,
            () => runNotification(this.summaryOf(environment), run, bound),
          );
          summary.sent += sent === 'sent' ? 1 : 0;
          summary.failed += sent === 'failed' ? 1 : 0;
        }
        const readAll =
          page.items.length < PAGE_SIZE ||
          (pageIndex + 1) * PAGE_SIZE >= page.totalEntries;
        if (readAll) {
          break;
        }
        if (pageIndex + 1 >= MAX_PAGES) {
          // Oldest end first: the next poll goes on from the last run read.
          const last = page.items[page.items.length - 1]?.endDate;
          next = last ? new Date(last) : since;
          break;
        }
      }
    } catch (error) {
      this.logFailure(environment.name, 'its runs could not be read', error);
      return { sent: summary.sent, failed: summary.failed + 1 };
    }
    if (summary.failed === 0) {
      await ledger.setReadUntil(environment.name, next);
    }
    return summary;
  }

  private async notifyApprovals(
    environment: NotifierEnvironment,
    adapter: NotifierAdapter,
    tagsOf: (dagId: string) => string[],
    entities: BoundEntities,
  ): Promise<PollSummary> {
    const summary: PollSummary = { sent: 0, failed: 0 };
    try {
      for (let pageIndex = 0; pageIndex < MAX_PAGES; pageIndex++) {
        const page = await adapter.approvals.listPending({
          limit: PAGE_SIZE,
          offset: pageIndex * PAGE_SIZE,
        });
        for (const approval of page.items) {
          const bound = entities.of(
            environment.name,
            approval.dagId,
            tagsOf(approval.dagId),
          );
          const sent = await this.sendOnce(
            {
              kind: 'approval',
              environment: environment.name,
              dagId: approval.dagId,
              runId: approval.runId,
              state: `${approval.taskId}[${approval.mapIndex}]`,
            },
            bound,
            () =>
              approvalNotification(
                this.summaryOf(environment),
                approval,
                bound,
              ),
          );
          summary.sent += sent === 'sent' ? 1 : 0;
          summary.failed += sent === 'failed' ? 1 : 0;
        }
        if ((pageIndex + 1) * PAGE_SIZE >= page.totalEntries) {
          break;
        }
      }
    } catch (error) {
      if (isError(error) && error.name === 'NotImplementedError') {
        // Airflow 2 and 3.0 have no approvals: nothing waits there.
        return summary;
      }
      this.logFailure(
        environment.name,
        'its approvals could not be read',
        error,
      );
      return { sent: summary.sent, failed: summary.failed + 1 };
    }
    return summary;
  }

  /**
   * Claims the subject and sends it; a subject bound to no entity is not
   * claimed (an entity may bind its DAG later, within the read window).
   * A send that fails gives the claim back for the next poll.
   */
  private async sendOnce(
    subject: NotificationSubject,
    bound: NotifiedEntity[],
    build: () => NotificationSendOptions,
  ): Promise<'sent' | 'skipped' | 'failed'> {
    if (bound.length === 0) {
      return 'skipped';
    }
    const { ledger } = this.options;
    const claim = await ledger.claim(subject);
    if (!claim) {
      return 'skipped';
    }
    try {
      await this.options.send(build());
    } catch (error) {
      await ledger.release(claim);
      this.logFailure(
        subject.environment,
        `the notification of ${subject.kind} ${subject.runId} of ${subject.dagId} could not be sent`,
        error,
      );
      return 'failed';
    }
    await ledger.markSent(claim);
    return 'sent';
  }

  private summaryOf(environment: NotifierEnvironment) {
    return { name: environment.name, title: environment.config.title };
  }

  private logFailure(environment: string, what: string, error: unknown) {
    this.options.logger.warn(
      `Airflow notifications for environment "${environment}": ${what}, retrying at the next poll: ${describeError(
        error,
      )}`,
    );
  }
}
