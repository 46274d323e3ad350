import type { AirflowEntityDagTarget } from '@airflow-portal/plugin-airflow-node';

export function dagTargetOf(
  input: AirflowEntityDagTarget,
): AirflowEntityDagTarget {
  return {
    entityRef: input.entityRef,
    environment: input.environment,
    dagId: input.dagId,
  };
}

export function describeTarget(target: AirflowEntityDagTarget): string {
  return `${target.dagId} in ${target.environment} (via ${target.entityRef})`;
}
