import {
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  airflowEnvironmentOperatePermission,
  airflowTaskLogReadPermission,
} from '@airflow-portal/plugin-airflow-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Whether a control may be used; `reason` says why not. */
export interface ActionDecision {
  allowed: boolean;
  reason?: string;
}

export interface EnvironmentActionDecisions {
  trigger: ActionDecision;
  pause: ActionDecision;
}

export interface DagActionPermissions {
  /** Per environment; stable objects, so memoised rows only re-render on change. */
  byEnvironment: Record<string, EnvironmentActionDecisions>;
  readLogs: ActionDecision;
}

const CHECKING: ActionDecision = {
  allowed: false,
  reason: 'Checking permissions…',
};

function kindWord(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).kind.toLocaleLowerCase('en-US');
  } catch {
    return 'entity';
  }
}

function decide(
  result: { loading: boolean; allowed: boolean },
  reason: string,
): ActionDecision {
  if (result.loading) {
    return CHECKING;
  }
  return result.allowed ? { allowed: true } : { allowed: false, reason };
}

/**
 * `airflow.environment.operate` per environment. The list varies in length, so
 * this asks the permission API directly (it batches) instead of one hook per
 * environment. A failed check leaves the control enabled: the backend decides.
 */
function useOperateDecisions(environments: string[]) {
  const permissionApi = useApi(permissionApiRef);
  const key = [...new Set(environments)].sort().join(',');
  return useAsync(async () => {
    const names = key ? key.split(',') : [];
    const answers = await Promise.all(
      names.map(name =>
        permissionApi
          .authorize({
            permission: airflowEnvironmentOperatePermission,
            resourceRef: name,
          })
          .then(
            response => String(response.result) !== 'DENY',
            () => true,
          ),
      ),
    );
    return Object.fromEntries(names.map((name, i) => [name, answers[i]]));
  }, [permissionApi, key]);
}

/**
 * What the current user may do with the DAGs bound to an entity, with the
 * reason shown on disabled controls. The backend checks the same permissions.
 */
export function useDagActionPermissions(
  entityRef: string,
  environments: string[],
): DagActionPermissions {
  const kind = kindWord(entityRef);
  const trigger = usePermission({
    permission: airflowDagTriggerPermission,
    resourceRef: entityRef,
  });
  const pause = usePermission({
    permission: airflowDagPausePermission,
    resourceRef: entityRef,
  });
  const logs = usePermission({
    permission: airflowTaskLogReadPermission,
    resourceRef: entityRef,
  });
  const operate = useOperateDecisions(environments);

  const triggerDecision = decide(
    trigger,
    `You may not trigger DAGs of this ${kind}`,
  );
  const pauseDecision = decide(
    pause,
    `You may not pause or unpause DAGs of this ${kind}`,
  );
  const readLogs = decide(logs, `You may not read task logs of this ${kind}`);

  // Primitive deps: the hooks answer new objects on every render.
  const triggerAllowed = triggerDecision.allowed;
  const triggerReason = triggerDecision.reason;
  const pauseAllowed = pauseDecision.allowed;
  const pauseReason = pauseDecision.reason;
  const environmentsKey = [...new Set(environments)].join(',');
  const byEnvironment = useMemo(() => {
    const result: Record<string, EnvironmentActionDecisions> = {};
    for (const name of environmentsKey ? environmentsKey.split(',') : []) {
      const mayOperate = operate.loading ? undefined : operate.value?.[name];
      const environmentDecision: ActionDecision | undefined =
        mayOperate === false
          ? {
              allowed: false,
              reason: `You may not operate DAGs in environment ${name}`,
            }
          : undefined;
      const combine = (allowed: boolean, reason?: string) => {
        if (!allowed) {
          return { allowed, reason };
        }
        if (mayOperate === undefined && operate.loading) {
          return CHECKING;
        }
        return environmentDecision ?? { allowed: true };
      };
      result[name] = {
        trigger: combine(triggerAllowed, triggerReason),
        pause: combine(pauseAllowed, pauseReason),
      };
    }
    return result;
  }, [
    environmentsKey,
    operate.loading,
    operate.value,
    triggerAllowed,
    triggerReason,
    pauseAllowed,
    pauseReason,
  ]);

  const readLogsAllowed = readLogs.allowed;
  const readLogsReason = readLogs.reason;
  const readLogsDecision = useMemo(
    () => ({ allowed: readLogsAllowed, reason: readLogsReason }),
    [readLogsAllowed, readLogsReason],
  );
  return { byEnvironment, readLogs: readLogsDecision };
}
