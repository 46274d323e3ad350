import {
  airflowDagBackfillPermission,
  airflowDagHitlRespondPermission,
  airflowDagClearPermission,
  airflowDagNotePermission,
  airflowDagRunMarkPermission,
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  airflowTaskLogReadPermission,
  formatAirflowDagResourceRef,
} from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Whether a control may be used; `reason` says why not. */
export interface ActionDecision {
  allowed: boolean;
  reason?: string;
}

/** What the user may do with one DAG. */
export interface DagActionDecisions {
  trigger: ActionDecision;
  pause: ActionDecision;
  readLogs: ActionDecision;
  respondApproval: ActionDecision;
  backfill: ActionDecision;
  /** Clear (retry) task instances of its runs. */
  clear: ActionDecision;
  /** Mark its runs and task instances success or failed. */
  mark: ActionDecision;
  /** Set the notes of its runs and task instances. */
  note: ActionDecision;
}

export interface DagActionPermissions {
  /** By `dagKey(environment, dagId)`; stable objects, so memoised rows only re-render on change. */
  byDag: Record<string, DagActionDecisions>;
}

/** A DAG to decide on. */
export interface DagKey {
  environment: string;
  dagId: string;
}

/** The key of a DAG in `byDag`. */
export const dagKey = (dag: DagKey) => `${dag.environment}:${dag.dagId}`;

const CHECKING: ActionDecision = {
  allowed: false,
  reason: 'Checking permissions…',
};

const CHECKING_ALL: DagActionDecisions = {
  trigger: CHECKING,
  pause: CHECKING,
  readLogs: CHECKING,
  respondApproval: CHECKING,
  backfill: CHECKING,
  clear: CHECKING,
  mark: CHECKING,
  note: CHECKING,
};

const ACTIONS: Array<{
  key: keyof DagActionDecisions;
  permission: ResourcePermission<'airflow-dag'>;
  reason: (dag: DagKey) => string;
}> = [
  {
    key: 'trigger',
    permission: airflowDagTriggerPermission,
    reason: dag => `You may not trigger ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'pause',
    permission: airflowDagPausePermission,
    reason: dag =>
      `You may not pause or unpause ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'readLogs',
    permission: airflowTaskLogReadPermission,
    reason: dag =>
      `You may not read task logs of ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'respondApproval',
    permission: airflowDagHitlRespondPermission,
    reason: dag =>
      `You may not answer approvals of ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'backfill',
    permission: airflowDagBackfillPermission,
    reason: dag => `You may not backfill ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'clear',
    permission: airflowDagClearPermission,
    reason: dag =>
      `You may not clear or retry runs of ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'mark',
    permission: airflowDagRunMarkPermission,
    reason: dag =>
      `You may not mark runs or tasks of ${dag.dagId} in ${dag.environment}`,
  },
  {
    key: 'note',
    permission: airflowDagNotePermission,
    reason: dag =>
      `You may not edit notes of ${dag.dagId} in ${dag.environment}`,
  },
];

/**
 * What the current user may do with each DAG an entity page shows, with the
 * reason shown on disabled controls. Asked on the DAG itself (`airflow-dag`,
 * named through the page's entity), as the backend decides; the permission
 * API batches the requests. A failed check leaves the control enabled: the
 * backend decides.
 */
export function useDagActionPermissions(
  entityRef: string,
  dags: DagKey[],
): DagActionPermissions {
  const permissionApi = useApi(permissionApiRef);
  // Primitive deps: callers build new arrays on every render.
  const key = [...new Set(dags.map(dagKey))].sort().join(',');
  const answers = useAsync(async () => {
    const keys = key ? key.split(',') : [];
    const entries = await Promise.all(
      keys.map(async text => {
        const colon = text.indexOf(':');
        const dag = {
          environment: text.slice(0, colon),
          dagId: text.slice(colon + 1),
        };
        const resourceRef = formatAirflowDagResourceRef({
          ...dag,
          via: entityRef,
        });
        const decisions = await Promise.all(
          ACTIONS.map(({ permission, reason }) =>
            permissionApi.authorize({ permission, resourceRef }).then(
              (response): ActionDecision =>
                String(response.result) === 'DENY'
                  ? { allowed: false, reason: reason(dag) }
                  : { allowed: true },
              (): ActionDecision => ({ allowed: true }),
            ),
          ),
        );
        const byAction = Object.fromEntries(
          ACTIONS.map((action, i) => [action.key, decisions[i]]),
        ) as unknown as DagActionDecisions;
        return [text, byAction] as const;
      }),
    );
    return { entityRef, decisions: Object.fromEntries(entries) };
  }, [permissionApi, entityRef, key]);

  // While a changed list (e.g. a filter) is asked about, the DAGs already
  // decided for this entity keep their answers; the others are "checking".
  const known =
    answers.value?.entityRef === entityRef
      ? answers.value.decisions
      : undefined;
  const byDag = useMemo(() => {
    const keys = key ? key.split(',') : [];
    return Object.fromEntries(keys.map(k => [k, known?.[k] ?? CHECKING_ALL]));
  }, [known, key]);
  return { byDag };
}
