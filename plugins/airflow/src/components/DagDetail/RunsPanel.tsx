import type {
  AirflowDagRun,
  DagRunState,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { isTerminal } from '../DagActions/types';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { formatDateTime } from '../display/formatting';
import { RunStateMark } from '../display/RunStateMark';
import { usePolledRequest } from './usePolledRequest';
import { formatDuration } from './duration';

/** Fast enough to watch a run progress, slow enough to spare Airflow. */
export const RUN_POLL_INTERVAL_MS = 5_000;

const states: DagRunState[] = ['queued', 'running', 'success', 'failed'];

/** Runs of a DAG, newest first, paged by the backend; polled while one is unfinished. */
export function RunsPanel(props: {
  dagRef: AirflowEntityDagRef;
  highlightRunId?: string;
  onSelect: (run: AirflowDagRun) => void;
  pollIntervalMs?: number;
}) {
  const { dagRef, highlightRunId, onSelect } = props;
  const api = useApi(airflowApiRef);
  const [state, setState] = useState<DagRunState | ''>('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const [active, setActive] = useState(false);

  const runs = usePolledRequest(
    async () => {
      const answer = await api.listDagRuns({
        ...dagRef,
        state: state || undefined,
        limit: pageSize,
        offset: page * pageSize,
      });
      setActive(answer.items.some(run => !isTerminal(run.state)));
      return answer;
    },
    [api, dagRef, state, page, pageSize],
    active ? props.pollIntervalMs ?? RUN_POLL_INTERVAL_MS : null,
  );

  let body;
  if (!runs.value && runs.loading) {
    body = <Progress />;
  } else if (!runs.value && runs.error) {
    body = (
      <AirflowErrorAlert title="Runs could not be read" error={runs.error} />
    );
  } else {
    const items = runs.value?.items ?? [];
    body = (
      <>
        {runs.error && (
          <AirflowErrorAlert
            severity="warning"
            title="Refreshing the runs failed; showing the last answer"
            error={runs.error}
          />
        )}
        <Table size="small" aria-label="Runs">
          <TableHead>
            <TableRow>
              <TableCell>State</TableCell>
              <TableCell>Run</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Logical date</TableCell>
              <TableCell>Started</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Note</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(run => (
              <TableRow
                key={run.runId}
                hover
                selected={run.runId === highlightRunId}
                onClick={() => onSelect(run)}
                sx={{ cursor: 'pointer' }}
                data-testid={`run-${run.runId}`}
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Stack direction="row" spacing={1} alignItems="center">
                    <RunStateMark run={{ ...run, uiUrl: undefined }} />
                    <span>{run.state}</span>
                  </Stack>
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  {run.runId}
                </TableCell>
                <TableCell>{run.runType ?? '—'}</TableCell>
                <TableCell>{formatDateTime(run.logicalDate)}</TableCell>
                <TableCell>{formatDateTime(run.startDate)}</TableCell>
                <TableCell>
                  {formatDuration(run.startDate, run.endDate)}
                </TableCell>
                <TableCell>{run.note ?? ''}</TableCell>
              </TableRow>
            ))}
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>
                  No runs{state && ` in state ${state}`}.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          count={runs.value?.totalEntries ?? 0}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[10, 25, 50, 100]}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setPageSize(Number(event.target.value));
            setPage(0);
          }}
        />
      </>
    );
  }

  return (
    <Stack spacing={1}>
      <TextField
        select
        size="small"
        label="Run state"
        value={state}
        onChange={event => {
          setState(event.target.value as DagRunState | '');
          setPage(0);
        }}
        sx={{ width: 200 }}
      >
        <MenuItem value="">All</MenuItem>
        {states.map(s => (
          <MenuItem key={s} value={s}>
            {s}
          </MenuItem>
        ))}
      </TextField>
      {body}
    </Stack>
  );
}
