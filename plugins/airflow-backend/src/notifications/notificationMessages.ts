import {
  airflowEntityTabPath,
  type AirflowApproval,
  type AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createHash } from 'node:crypto';
import type { NotifiedEntity } from './BoundEntities';

/** What the notifications backend shows; Airflow's texts are cut to this length. */
const MAX_TEXT = 300;

const clip = (text: string) =>
  text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;

/**
 * The notification's scope: one per run (or approval) and recipient, so
 * that a repeat, or a later state of the same run, updates the notification
 * the user has instead of adding one.
 */
function scopeOf(kind: string, parts: Array<string | number>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('hex');
  return `airflow:${kind}:${digest}`;
}

/**
 * A run in a notified state, to the owners of the entities bound to its DAG
 * (entity recipients: the notifications backend sends to each entity's
 * owner, a group's members). The link opens the first entity's Airflow tab
 * on the run. Nothing of the run's conf or logs is sent.
 */
export function runNotification(
  environment: { name: string; title: string },
  run: AirflowDagRun,
  entities: NotifiedEntity[],
): NotificationSendOptions {
  const ended = run.endDate ? ` at ${run.endDate}` : '';
  return {
    recipients: {
      type: 'entity',
      entityRef: entities.map(e => e.entityRef),
    },
    payload: {
      title: clip(`Airflow run ${run.state}: ${run.dagId}`),
      description: clip(
        `Run ${run.runId} of ${run.dagId} in ${environment.title} ended ${run.state}${ended}.`,
      ),
      link: airflowEntityTabPath(entities[0], {
        environment: environment.name,
        dagId: run.dagId,
        runId: run.runId,
      }),
      severity: run.state === 'failed' ? 'high' : 'low',
      topic: `Airflow runs ${run.state}`,
      scope: scopeOf('run', [environment.name, run.dagId, run.runId]),
    },
  };
}

/** A human-in-the-loop approval waiting for an answer, to the same recipients, linking to its run. */
export function approvalNotification(
  environment: { name: string; title: string },
  approval: AirflowApproval,
  entities: NotifiedEntity[],
): NotificationSendOptions {
  const subject = approval.subject || approval.taskId;
  return {
    recipients: {
      type: 'entity',
      entityRef: entities.map(e => e.entityRef),
    },
    payload: {
      title: clip(`Airflow approval waiting: ${subject}`),
      description: clip(
        `Task ${approval.taskId} of run ${approval.runId} of ${approval.dagId} in ${environment.title} waits for an answer.`,
      ),
      link: airflowEntityTabPath(entities[0], {
        environment: environment.name,
        dagId: approval.dagId,
        runId: approval.runId,
      }),
      severity: 'normal',
      topic: 'Airflow approvals',
      scope: scopeOf('approval', [
        environment.name,
        approval.dagId,
        approval.runId,
        approval.taskId,
        approval.mapIndex,
      ]),
    },
  };
}
