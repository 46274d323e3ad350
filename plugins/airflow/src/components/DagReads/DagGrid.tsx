import type {
  AirflowDagRun,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { isTerminal } from '../DagActions/types';
import { usePolledRequest } from '../DagDetail/usePolledRequest';
import { RUN_POLL_INTERVAL_MS } from '../DagDetail/RunsPanel';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { RunStateMark } from '../display/RunStateMark';
import { cellState, toGridModel } from './gridModel';

/** How many runs the grid shows, as Airflow's grid does by default. */
export const GRID_RUNS = 10;

/** Task-instance states in colours close to the Airflow UI's. */
const tiColor: Record<string, string> = {
  success: 'success.main',
  failed: 'error.main',
  upstream_failed: 'warning.dark',
  up_for_retry: 'warning.main',
  running: 'info.main',
  queued: 'grey.500',
  scheduled: 'grey.400',
  skipped: 'secondary.light',
};

function versionLabel(run: AirflowDagRun): string | undefined {
  const numbers = run.dagVersions?.map(v => `v${v.versionNumber}`);
  return numbers?.length ? numbers.join(', ') : undefined;
}

/**
 * Airflow's grid: the DAG's newest runs as columns (oldest left), its tasks
 * as rows, each cell a task instance's state. A cell opens that run's task
 * instance (and its log, where the caller may read it). Read with one call
 * (the backend reads the runs and one batch of task instances); polled
 * while a run is unfinished.
 */
export function DagGrid(props: {
  dagRef: AirflowEntityDagRef;
  onOpen: (run: AirflowDagRun, task: AirflowTaskInstance) => void;
  pollIntervalMs?: number;
}) {
  const { dagRef, onOpen } = props;
  const api = useApi(airflowApiRef);
  const [active, setActive] = useState(false);
  const grid = usePolledRequest(
    async () => {
      const answer = await api.getDagGrid(dagRef, GRID_RUNS);
      setActive(answer.runs.some(run => !isTerminal(run.state)));
      return answer;
    },
    [api, dagRef],
    active ? props.pollIntervalMs ?? RUN_POLL_INTERVAL_MS : null,
  );
  const model = useMemo(
    () => (grid.value ? toGridModel(grid.value) : undefined),
    [grid.value],
  );

  if (!model && grid.loading) {
    return <Progress />;
  }
  if (grid.error && !model) {
    return (
      <AirflowErrorAlert title="Could not read the grid" error={grid.error} />
    );
  }
  if (!model || model.runs.length === 0) {
    return <Typography>No runs yet.</Typography>;
  }
  return (
    <Box sx={{ overflowX: 'auto' }}>
      {grid.value?.taskInstancesPartial && (
        <Alert severity="info" sx={{ mb: 1 }}>
          These runs have more task instances than the grid shows.
        </Alert>
      )}
      <Table size="small" aria-label="Grid of runs and tasks">
        <TableHead>
          <TableRow>
            <TableCell>Task</TableCell>
            {model.runs.map(run => (
              <TableCell key={run.runId} align="center" sx={{ px: 0.5 }}>
                <RunStateMark run={run} />
                {versionLabel(run) && (
                  <Typography variant="caption" component="div">
                    {versionLabel(run)}
                  </Typography>
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {model.rows.map(row => (
            <TableRow key={row.taskId}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.taskId}</TableCell>
              {model.runs.map(run => {
                const instances = row.cells.get(run.runId);
                if (!instances?.length) {
                  return <TableCell key={run.runId} />;
                }
                const state = cellState(instances);
                const label = `${row.taskId} in ${run.runId}: ${
                  state ?? 'no status'
                }`;
                return (
                  <TableCell key={run.runId} align="center" sx={{ px: 0.5 }}>
                    <Tooltip title={label}>
                      <ButtonBase
                        aria-label={label}
                        data-state={state ?? 'none'}
                        onClick={() => onOpen(run, instances[0])}
                        sx={{
                          width: 14,
                          height: 14,
                          borderRadius: '2px',
                          bgcolor: state
                            ? tiColor[state] ?? 'grey.300'
                            : 'grey.200',
                        }}
                      />
                    </Tooltip>
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
