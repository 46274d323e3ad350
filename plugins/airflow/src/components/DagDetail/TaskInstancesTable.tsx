import type {
  AirflowDagRun,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { isTerminal } from '../DagActions/types';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { DisabledReason } from '../DagActions/DisabledReason';
import { formatDateTime } from '../display/formatting';
import { usePolledRequest } from './usePolledRequest';
import type { ActionDecision } from '../DagActions/useDagActionPermissions';
import { formatDuration } from './duration';
import type { ReactNode } from 'react';
import { RUN_POLL_INTERVAL_MS } from './RunsPanel';

const stateColor: Record<string, 'success' | 'error' | 'info' | 'warning'> = {
  success: 'success',
  failed: 'error',
  upstream_failed: 'error',
  running: 'info',
  up_for_retry: 'warning',
  up_for_reschedule: 'warning',
};

export interface LogTarget {
  task: AirflowTaskInstance;
  tryNumber: number;
}

function taskLabel(task: AirflowTaskInstance): string {
  const name = task.displayName ?? task.taskId;
  return task.mapIndex >= 0 ? `${name} [${task.mapIndex}]` : name;
}

/** Tries of a task, newest first: a retried task's earlier logs stay reachable. */
function LogButtons(props: {
  task: AirflowTaskInstance;
  readLogs: ActionDecision;
  onOpenLog: (target: LogTarget) => void;
}) {
  const { task, readLogs, onOpenLog } = props;
  if (task.tryNumber < 1) {
    return <>—</>;
  }
  const tries = Array.from(
    { length: task.tryNumber },
    (_, i) => task.tryNumber - i,
  );
  return (
    <DisabledReason reason={readLogs.allowed ? undefined : readLogs.reason}>
      <Stack direction="row" spacing={0.5}>
        {tries.map(tryNumber => (
          <Button
            key={tryNumber}
            size="small"
            disabled={!readLogs.allowed}
            onClick={() => onOpenLog({ task, tryNumber })}
            aria-label={`Log of ${taskLabel(task)} try ${tryNumber}`}
          >
            {tryNumber === task.tryNumber
              ? `Log (try ${tryNumber})`
              : `try ${tryNumber}`}
          </Button>
        ))}
      </Stack>
    </DisabledReason>
  );
}

/** Task instances of one run; polled while the run is unfinished. */
export function TaskInstancesTable(props: {
  dagRef: AirflowEntityDagRef;
  run: AirflowDagRun;
  readLogs: ActionDecision;
  onOpenLog: (target: LogTarget) => void;
  pollIntervalMs?: number;
  /** Controls of each task instance (clear, mark, note), in a last column. */
  rowActions?: (task: AirflowTaskInstance) => ReactNode;
}) {
  const { dagRef, run, readLogs, onOpenLog } = props;
  const api = useApi(airflowApiRef);
  const tasks = usePolledRequest(
    () => api.listTaskInstances({ ...dagRef, runId: run.runId }),
    [api, dagRef, run.runId],
    isTerminal(run.state) ? null : props.pollIntervalMs ?? RUN_POLL_INTERVAL_MS,
  );

  if (!tasks.value && tasks.loading) {
    return <Progress />;
  }
  if (!tasks.value) {
    return (
      <AirflowErrorAlert
        title="Task instances could not be read"
        error={tasks.error ?? new Error('No answer')}
      />
    );
  }
  const items = tasks.value.items;
  return (
    <Stack spacing={1}>
      {tasks.error && (
        <AirflowErrorAlert
          severity="warning"
          title="Refreshing the tasks failed; showing the last answer"
          error={tasks.error}
        />
      )}
      {tasks.value.totalEntries > items.length && (
        <Typography variant="caption" color="text.secondary">
          Showing {items.length} of {tasks.value.totalEntries} task instances.
        </Typography>
      )}
      <Table size="small" aria-label="Task instances">
        <TableHead>
          <TableRow>
            <TableCell>Task</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Operator</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Logs</TableCell>
            {props.rowActions && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(task => (
            <TableRow key={`${task.taskId}:${task.mapIndex}`}>
              <TableCell>
                {task.uiUrl ? (
                  <Link to={task.uiUrl}>{taskLabel(task)}</Link>
                ) : (
                  taskLabel(task)
                )}
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  color={stateColor[task.state ?? ''] ?? 'default'}
                  label={task.state ?? 'no state'}
                />
              </TableCell>
              <TableCell>{task.operator ?? '—'}</TableCell>
              <TableCell>{formatDateTime(task.startDate)}</TableCell>
              <TableCell>
                {formatDuration(
                  task.startDate,
                  task.endDate,
                  task.durationSeconds,
                )}
              </TableCell>
              <TableCell>
                <LogButtons
                  task={task}
                  readLogs={readLogs}
                  onOpenLog={onOpenLog}
                />
              </TableCell>
              {props.rowActions && (
                <TableCell>{props.rowActions(task)}</TableCell>
              )}
            </TableRow>
          ))}
          {items.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                This run has no task instances yet.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Stack>
  );
}
