import type {
  AirflowDagRun,
  AirflowDagWithRuns,
} from '@airflow-portal/plugin-airflow-common';
import { Link } from '@backstage/core-components';
import CloseIcon from '@mui/icons-material/Close';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useOpenDagAction } from '../DagActions/openDagAction';
import { PauseToggle } from '../DagActions/PauseToggle';
import { DisabledReason } from '../DagActions/DisabledReason';
import {
  EnvironmentInfo,
  environmentLabel,
} from '../EnvironmentStatus/environments';
import {
  dagKey,
  useDagActionPermissions,
} from '../DagActions/useDagActionPermissions';
import {
  RunActionsBar,
  TaskInstanceActions,
} from '../DagActions/RunActions/RunActions';
import { RunsPanel } from './RunsPanel';
import { LogTarget, TaskInstancesTable } from './TaskInstancesTable';
import { TaskLogViewer } from './TaskLogViewer';
import { DagGrid } from '../DagReads/DagGrid';
import { DagVersionSummary } from '../DagReads/DagVersionSummary';
import { EventLogPanel } from '../DagReads/EventLogPanel';
import { BackfillsPanel } from '../Backfills';

/** What the drawer shows before a run is chosen. */
type DagView = 'runs' | 'grid' | 'events' | 'backfills';

function Crumb(props: { label: string; onClick?: () => void }) {
  return props.onClick ? (
    <MuiLink component="button" onClick={props.onClick}>
      {props.label}
    </MuiLink>
  ) : (
    <Typography color="text.primary" sx={{ wordBreak: 'break-all' }}>
      {props.label}
    </Typography>
  );
}

/**
 * Drill-down of one DAG beside the table: its runs, then the task instances
 * of a run, then a task's log. Trigger and pause are at hand in the header.
 */
export function DagDetailDrawer(props: {
  dag: AirflowDagWithRuns;
  entityRef: string;
  environment: EnvironmentInfo;
  highlightRunId?: string;
  onClose: () => void;
}) {
  const { dag, entityRef, environment, highlightRunId, onClose } = props;
  const onAction = useOpenDagAction();
  const [run, setRun] = useState<AirflowDagRun>();
  const [logTarget, setLogTarget] = useState<LogTarget>();
  // Bumped after a run action: the task instances are read again.
  const [actionsDone, setActionsDone] = useState(0);
  const [view, setView] = useState<DagView>('runs');
  const dags = useMemo(
    () => [{ environment: dag.environment, dagId: dag.dagId }],
    [dag.environment, dag.dagId],
  );
  const { byDag } = useDagActionPermissions(entityRef, dags);
  const decisions = byDag[dagKey(dag)];
  const readLogs = decisions.readLogs;
  const dagRef = useMemo(
    () => ({ entityRef, environment: dag.environment, dagId: dag.dagId }),
    [entityRef, dag.environment, dag.dagId],
  );
  const logRequest = useMemo(
    () =>
      run && logTarget
        ? {
            ...dagRef,
            runId: run.runId,
            taskId: logTarget.task.taskId,
            tryNumber: logTarget.tryNumber,
            mapIndex: logTarget.task.mapIndex,
          }
        : undefined,
    [dagRef, run, logTarget],
  );

  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      PaperProps={{ sx: { width: 'min(1100px, 95vw)' } }}
    >
      <Box p={3} role="region" aria-label={`DAG ${dag.dagId}`}>
        <Stack direction="row" alignItems="flex-start" spacing={2}>
          <Box flexGrow={1}>
            <Typography variant="h5" component="h2">
              {dag.displayName}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {dag.dagId} · {environmentLabel(environment)}
              {dag.schedule && ` · ${dag.schedule}`}
            </Typography>
            {dag.description && (
              <Typography variant="body2">{dag.description}</Typography>
            )}
            <DagVersionSummary dagRef={dagRef} />
          </Box>
          <PauseToggle
            dag={dag}
            decision={decisions.pause}
            onRequest={() => onAction({ kind: 'pause', dag, entityRef })}
          />
          <DisabledReason
            reason={
              decisions.trigger.allowed ? undefined : decisions.trigger.reason
            }
          >
            <Button
              variant="contained"
              startIcon={<PlayArrowIcon />}
              disabled={!decisions.trigger.allowed}
              onClick={() => onAction({ kind: 'trigger', dag, entityRef })}
            >
              Trigger
            </Button>
          </DisabledReason>
          {dag.uiUrl && <Link to={dag.uiUrl}>Open in Airflow</Link>}
          <IconButton aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Stack>

        <Breadcrumbs sx={{ my: 2 }}>
          <Crumb
            label="Runs"
            onClick={
              run
                ? () => {
                    setRun(undefined);
                    setLogTarget(undefined);
                  }
                : undefined
            }
          />
          {run && (
            <Crumb
              label={run.runId}
              onClick={logTarget ? () => setLogTarget(undefined) : undefined}
            />
          )}
          {logTarget && (
            <Crumb
              label={`${logTarget.task.taskId} · try ${logTarget.tryNumber}`}
            />
          )}
        </Breadcrumbs>

        {!run && (
          <Tabs
            value={view}
            onChange={(_, next: DagView) => setView(next)}
            sx={{ mb: 1 }}
          >
            <Tab value="runs" label="Runs" />
            <Tab value="grid" label="Grid" />
            <Tab value="events" label="Airflow event log" />
            <Tab value="backfills" label="Backfills" />
          </Tabs>
        )}
        {!run && view === 'runs' && (
          <RunsPanel
            dagRef={dagRef}
            highlightRunId={highlightRunId}
            onSelect={setRun}
          />
        )}
        {!run && view === 'grid' && (
          <DagGrid
            dagRef={dagRef}
            onOpen={(chosen, task) => {
              setRun(chosen);
              // As from the run's task table: the log where it may be read.
              setLogTarget(
                readLogs.allowed && task.tryNumber > 0
                  ? { task, tryNumber: task.tryNumber }
                  : undefined,
              );
            }}
          />
        )}
        {!run && view === 'events' && <EventLogPanel dagRef={dagRef} />}
        {!run && view === 'backfills' && (
          <BackfillsPanel dagRef={dagRef} decision={decisions.backfill} />
        )}
        {run && !logTarget && (
          <Stack spacing={2}>
            <RunActionsBar
              dagRef={dagRef}
              run={run}
              decisions={decisions}
              onDone={result => {
                // Airflow queues a cleared run again (its task instances
                // are reset); other actions answer the run as they left it.
                setRun(result.run ?? { ...run, state: 'queued' });
                setActionsDone(n => n + 1);
              }}
            />
            <TaskInstancesTable
              key={actionsDone}
              dagRef={dagRef}
              run={run}
              readLogs={readLogs}
              onOpenLog={setLogTarget}
              rowActions={task => (
                <TaskInstanceActions
                  dagRef={dagRef}
                  run={run}
                  task={task}
                  decisions={decisions}
                  onDone={() => setActionsDone(n => n + 1)}
                />
              )}
            />
          </Stack>
        )}
        {logRequest && <TaskLogViewer request={logRequest} />}
      </Box>
    </Drawer>
  );
}
