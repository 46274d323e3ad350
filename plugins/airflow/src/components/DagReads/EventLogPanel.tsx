import type { AirflowEventLogEntry } from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { statusCodeOf } from '../display/errors';
import { formatDateTime } from '../display/formatting';

const PAGE_SIZE = 25;

function target(entry: AirflowEventLogEntry): string {
  return [entry.runId, entry.taskId].filter(Boolean).join(' · ');
}

/**
 * Airflow's own event log of the DAG: who paused, triggered or cleared it
 * in Airflow itself (UI, CLI, API), beside the portal's audit trail, so
 * that changes made outside the portal show too. Needs
 * `airflow.dag.eventlog.read` on the DAG; `extra` arrives redacted.
 */
export function EventLogPanel(props: { dagRef: AirflowEntityDagRef }) {
  const { dagRef } = props;
  const api = useApi(airflowApiRef);
  const [page, setPage] = useState(0);
  const log = useAsync(
    () =>
      api.listDagEventLog(dagRef, {
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      }),
    [api, dagRef, page],
  );
  if (log.loading) {
    return <Progress />;
  }
  if (log.error) {
    return statusCodeOf(log.error) === 403 ? (
      <Alert severity="info">
        Airflow&apos;s event log shows Airflow user names: reading it needs the
        permission airflow.dag.eventlog.read on this DAG.
      </Alert>
    ) : (
      <AirflowErrorAlert
        title="Could not read Airflow's event log"
        error={log.error}
      />
    );
  }
  const entries = log.value?.items ?? [];
  if (entries.length === 0) {
    return <Typography>Airflow has logged no events for this DAG.</Typography>;
  }
  return (
    <>
      <Table size="small" aria-label="Airflow event log">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Event</TableCell>
            <TableCell>Airflow user</TableCell>
            <TableCell>Run / task</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map(entry => (
            <TableRow key={entry.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(entry.when)}
              </TableCell>
              <TableCell>{entry.event}</TableCell>
              <TableCell>{entry.owner ?? '—'}</TableCell>
              <TableCell sx={{ wordBreak: 'break-all' }}>
                {target(entry) || '—'}
              </TableCell>
              <TableCell
                sx={{ wordBreak: 'break-all', fontFamily: 'monospace' }}
              >
                {entry.extra ?? ''}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={log.value?.totalEntries ?? 0}
        page={page}
        rowsPerPage={PAGE_SIZE}
        rowsPerPageOptions={[PAGE_SIZE]}
        onPageChange={(_, next) => setPage(next)}
      />
    </>
  );
}
