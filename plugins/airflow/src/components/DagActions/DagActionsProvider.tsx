import type {
  AirflowDagRun,
  AirflowDagWithRuns,
} from '@airflow-portal/plugin-airflow-common';
import { ReactNode, useCallback, useState } from 'react';
import { DagDetailDrawer } from '../DagDetail/DagDetailDrawer';
import {
  environmentInfo,
  EnvironmentInfo,
} from '../EnvironmentStatus/environments';
import { TriggerDialog } from './TriggerDialog/TriggerDialog';
import { PauseConfirmDialog } from './PauseConfirmDialog';
import { OpenDagActionContext } from './openDagAction';
import { DagActionRequest, dagKey } from './types';
import type { DagUpdater } from './useDagOverrides';
import { useRunTracker } from './useRunTracker';

/** A just-started run goes first (it is the newest); a followed run is updated in place. */
function withRun(run: AirflowDagRun): DagUpdater {
  return dag => {
    const known = dag.latestRuns.some(r => r.runId === run.runId);
    return {
      ...dag,
      latestRuns: known
        ? dag.latestRuns.map(r => (r.runId === run.runId ? run : r))
        : [run, ...dag.latestRuns].slice(0, 5),
    };
  };
}

/**
 * Gives the DAG list below it a way to open a DAG's detail drawer, trigger
 * dialog and pause confirmation (`useOpenDagAction`), and renders them once for
 * all rows. Results are written back through `updateDag`, so the table shows a
 * new run or paused state at once, and a triggered run is followed until it
 * finishes.
 */
export function DagActionsProvider(props: {
  dagsByKey: Map<string, AirflowDagWithRuns>;
  environments: Record<string, EnvironmentInfo>;
  updateDag: (key: string, updater: DagUpdater) => void;
  /** Called when a trigger or pause dialog closes: an attempt may have been audited. */
  onDialogClosed?: () => void;
  children: ReactNode;
}) {
  const { dagsByKey, environments, updateDag, onDialogClosed, children } =
    props;
  const [detail, setDetail] = useState<DagActionRequest>();
  const [dialog, setDialogState] = useState<DagActionRequest>();
  const setDialog = (next: DagActionRequest | undefined) => {
    setDialogState(next);
    if (!next) {
      onDialogClosed?.();
    }
  };

  const onAction = useCallback((request: DagActionRequest) => {
    if (request.kind === 'details') {
      setDetail(request);
    } else {
      setDialogState(request);
    }
  }, []);

  const track = useRunTracker(
    useCallback(
      (run: AirflowDagRun) => updateDag(dagKey(run), withRun(run)),
      [updateDag],
    ),
  );

  // Show the current state of the DAG, with changes made since opening.
  const current = (request: DagActionRequest) =>
    dagsByKey.get(dagKey(request.dag)) ?? request.dag;
  const environmentOf = (request: DagActionRequest) =>
    environments[request.dag.environment] ??
    environmentInfo(request.dag.environment);

  return (
    <OpenDagActionContext.Provider value={onAction}>
      {children}
      {detail && (
        <DagDetailDrawer
          key={`${dagKey(detail.dag)}:${detail.highlightRunId ?? ''}`}
          dag={current(detail)}
          entityRef={detail.entityRef}
          environment={environmentOf(detail)}
          highlightRunId={detail.highlightRunId}
          onClose={() => setDetail(undefined)}
        />
      )}
      {dialog?.kind === 'trigger' && (
        <TriggerDialog
          dag={current(dialog)}
          entityRef={dialog.entityRef}
          environment={environmentOf(dialog)}
          onClose={() => setDialog(undefined)}
          onTriggered={run => {
            updateDag(dagKey(dialog.dag), withRun(run));
            track(
              {
                entityRef: dialog.entityRef,
                environment: run.environment,
                dagId: run.dagId,
              },
              run,
            );
            setDialog(undefined);
            setDetail({
              ...dialog,
              kind: 'details',
              highlightRunId: run.runId,
            });
          }}
        />
      )}
      {dialog?.kind === 'pause' && (
        <PauseConfirmDialog
          dag={current(dialog)}
          entityRef={dialog.entityRef}
          environment={environmentOf(dialog)}
          onClose={() => setDialog(undefined)}
          onChanged={changed => {
            updateDag(dagKey(dialog.dag), dag => ({ ...dag, ...changed }));
            setDialog(undefined);
          }}
        />
      )}
    </OpenDagActionContext.Provider>
  );
}
