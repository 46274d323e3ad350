import type { AirflowEntityDagTarget } from '@airflow-portal/plugin-airflow-node';
import type { z as zod } from 'zod/v3';

/** The input every Airflow action starts with: the DAG, as an entity binds it. */
export const dagTargetInput = {
  entityRef: (z: typeof zod) =>
    z
      .string()
      .min(1)
      .describe(
        'The catalog entity whose Airflow tab shows the DAG, e.g. component:default/orders-service',
      ),
  environment: (z: typeof zod) =>
    z.string().min(1).describe('The Airflow environment, as configured'),
  dagId: (z: typeof zod) => z.string().min(1).describe('The DAG id'),
};

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
