import type {
  AirflowApproval,
  AirflowDagRun,
  AirflowPage,
} from '@airflow-portal/plugin-airflow-common';
import type { Entity } from '@backstage/catalog-model';
import { NotImplementedError } from '@backstage/errors';
import type { EndedRunsRequest, PageRequest } from '../api/AirflowApiAdapter';
import type { EnvironmentNotifications } from '../config/types';
import type {
  NotifierAdapter,
  NotifierEnvironment,
} from '../notifications/AirflowNotifier';

function page<T>(items: T[], request: PageRequest): AirflowPage<T> {
  return {
    items: items.slice(request.offset, request.offset + request.limit),
    totalEntries: items.length,
    offset: request.offset,
    limit: request.limit,
  };
}

/**
 * One environment's runs and approvals as the notifier reads them, filtered
 * as Airflow's listing filters them; `failNext` makes the next reads fail.
 */
export class FakeNotifierAirflow implements NotifierAdapter {
  readonly runs: AirflowDagRun[] = [];
  readonly pending: AirflowApproval[] = [];
  readonly requests: EndedRunsRequest[] = [];
  /** Reads that fail before the next succeeds. */
  failNext = 0;
  /** Airflow 2: no approvals. */
  approvalsSupported = true;

  constructor(readonly environment: string) {}

  addRun(run: Partial<AirflowDagRun> & Pick<AirflowDagRun, 'dagId' | 'runId'>) {
    this.runs.push({
      environment: this.environment,
      state: 'failed',
      ...run,
    } as AirflowDagRun);
  }

  addApproval(
    approval: Pick<AirflowApproval, 'dagId' | 'runId' | 'taskId'> &
      Partial<AirflowApproval>,
  ) {
    this.pending.push({
      environment: this.environment,
      mapIndex: -1,
      subject: `Approve ${approval.taskId}`,
      options: ['Approve', 'Reject'],
      multiple: false,
      params: {},
      assignedUsers: [],
      createdAt: '2026-11-30T09:00:00Z',
      responseReceived: false,
      ...approval,
    } as AirflowApproval);
  }

  async listEndedRuns(
    request: EndedRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>> {
    this.requests.push(request);
    this.failIfAsked();
    const since = Date.parse(request.endDateGte);
    const matching = this.runs
      .filter(
        run =>
          request.states.includes(run.state as 'failed' | 'success') &&
          run.endDate !== undefined &&
          Date.parse(run.endDate) >= since,
      )
      .sort((a, b) => Date.parse(a.endDate!) - Date.parse(b.endDate!));
    return page(matching, request);
  }

  readonly approvals = {
    listPending: async (
      request: PageRequest,
    ): Promise<AirflowPage<AirflowApproval>> => {
      if (!this.approvalsSupported) {
        throw new NotImplementedError(
          'Human-in-the-loop approvals need Airflow 3.1 or later',
        );
      }
      this.failIfAsked();
      return page(
        this.pending.filter(a => !a.responseReceived),
        request,
      );
    },
  };

  private failIfAsked() {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connect ECONNREFUSED 127.0.0.1:8080');
    }
  }
}

/** A registry entry for the fake, with its notification settings. */
export function notifierEnvironment(
  airflow: FakeNotifierAirflow,
  notifications: Partial<EnvironmentNotifications> = {},
): NotifierEnvironment {
  return {
    name: airflow.environment,
    config: {
      title: airflow.environment.toUpperCase(),
      notifications: {
        enabled: true,
        runStates: ['failed'],
        approvals: true,
        ...notifications,
      },
    },
    adapter: async () => airflow,
  };
}

/** A component owned by a group, binding DAG ids (and tags) of one environment. */
export function bindingComponent(
  name: string,
  environment: string,
  binding: { dagIds?: string; dagTags?: string },
  owner = 'team-a',
): Entity {
  const annotations: Record<string, string> = {
    'airflow.apache.org/environment': environment,
  };
  if (binding.dagIds)
    annotations['airflow.apache.org/dag-ids'] = binding.dagIds;
  if (binding.dagTags) {
    annotations['airflow.apache.org/dag-tags'] = binding.dagTags;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}
