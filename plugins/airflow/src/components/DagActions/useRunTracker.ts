import type { AirflowDagRun } from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useRef, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { RUN_POLL_INTERVAL_MS } from '../DagDetail/RunsPanel';
import { isTerminal } from './types';

interface TrackedRun {
  dagRef: AirflowEntityDagRef;
  runId: string;
}

/**
 * Follows runs the user started until they finish, by polling the runs route
 * (there is no single-run route); each answer goes to `onUpdate`. A failed poll
 * is retried on the next tick.
 */
export function useRunTracker(
  onUpdate: (run: AirflowDagRun) => void,
  intervalMs: number = RUN_POLL_INTERVAL_MS,
) {
  const api = useApi(airflowApiRef);
  const [tracked, setTracked] = useState<Record<string, TrackedRun>>({});
  const polling = useRef(false);

  const track = useCallback(
    (dagRef: AirflowEntityDagRef, run: AirflowDagRun) => {
      if (!isTerminal(run.state)) {
        setTracked(current => ({
          ...current,
          [`${dagRef.environment}/${dagRef.dagId}/${run.runId}`]: {
            dagRef,
            runId: run.runId,
          },
        }));
      }
    },
    [],
  );

  const poll = async () => {
    if (polling.current) return;
    polling.current = true;
    const finished: string[] = [];
    await Promise.all(
      Object.entries(tracked).map(async ([key, { dagRef, runId }]) => {
        try {
          const page = await api.listDagRuns({ ...dagRef, limit: 25 });
          const run = page.items.find(item => item.runId === runId);
          if (run) {
            onUpdate(run);
            if (isTerminal(run.state)) finished.push(key);
          }
        } catch {
          // Keep following; the next tick asks again.
        }
      }),
    );
    polling.current = false;
    if (finished.length) {
      setTracked(current => {
        const next = { ...current };
        finished.forEach(key => delete next[key]);
        return next;
      });
    }
  };

  useInterval(poll, Object.keys(tracked).length ? intervalMs : null);
  return track;
}
