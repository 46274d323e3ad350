import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { useCallback, useMemo, useState } from 'react';
import { dagKey } from './types';

export type DagUpdater = (dag: AirflowDagWithRuns) => AirflowDagWithRuns;

/**
 * Local changes to DAGs after an action (paused, a new run) on top of the
 * backend's answer. Untouched DAGs keep their object identity, so only the
 * changed rows re-render.
 */
export function useDagOverrides(baseDags: AirflowDagWithRuns[]) {
  const [overrides, setOverrides] = useState<
    Record<string, AirflowDagWithRuns>
  >({});
  const dags = useMemo(
    () => baseDags.map(dag => overrides[dagKey(dag)] ?? dag),
    [baseDags, overrides],
  );
  const byKey = useMemo(
    () => new Map(dags.map(dag => [dagKey(dag), dag])),
    [dags],
  );
  const updateDag = useCallback(
    (key: string, updater: DagUpdater) =>
      setOverrides(current => {
        const base = current[key] ?? baseDags.find(dag => dagKey(dag) === key);
        return base ? { ...current, [key]: updater(base) } : current;
      }),
    [baseDags],
  );
  return { dags, byKey, updateDag };
}
