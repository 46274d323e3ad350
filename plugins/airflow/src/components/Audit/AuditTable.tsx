import type {
  AirflowAuditOutcome,
  AirflowAuditRecord,
} from '@airflow-portal/plugin-airflow-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { formatDateTime } from '../display/formatting';

const outcomeColor: Record<
  AirflowAuditOutcome,
  'default' | 'success' | 'error' | 'warning'
> = {
  pending: 'default',
  succeeded: 'success',
  deduplicated: 'default',
  failed: 'error',
  unknown: 'warning',
  denied: 'warning',
  rejected: 'warning',
};

function RecordDetails(props: { record: AirflowAuditRecord }) {
  const { record } = props;
  return (
    <Box py={1}>
      <Typography variant="caption" component="div">
        Record {record.id}
        {record.requestId && ` · request ${record.requestId}`}
        {record.attempts !== undefined &&
          record.attempts > 1 &&
          ` · ${record.attempts} identical attempts`}
        {record.confSha256 &&
          ` · conf SHA-256 ${record.confSha256} (${
            record.confBytes ?? 0
          } bytes)`}
        {record.completedAt &&
          ` · completed ${formatDateTime(record.completedAt)}`}
      </Typography>
      {record.error && (
        <Typography variant="body2" color="error">
          {record.error}
        </Typography>
      )}
      {record.conf && (
        <Box
          component="pre"
          sx={{ fontFamily: 'monospace', fontSize: '0.8rem', m: 0 }}
        >
          {JSON.stringify(record.conf, null, 2)}
        </Box>
      )}
    </Box>
  );
}

function AuditRow(props: { record: AirflowAuditRecord; columns: number }) {
  const { record, columns } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <TableRow>
        <TableCell padding="none">
          <IconButton
            size="small"
            aria-label={open ? 'Hide details' : 'Show details'}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
          </IconButton>
        </TableCell>
        <TableCell>{formatDateTime(record.createdAt)}</TableCell>
        <TableCell>
          <EntityRefLink entityRef={record.actor} hideIcon />
          {/* Another plugin acting for the user, e.g. a scaffolder task. */}
          {record.origin && (
            <Typography
              variant="caption"
              display="block"
              color="text.secondary"
              sx={{ wordBreak: 'break-all' }}
            >
              via {record.origin}
            </Typography>
          )}
        </TableCell>
        <TableCell>{record.action}</TableCell>
        <TableCell>{record.environment}</TableCell>
        <TableCell>{record.dagId}</TableCell>
        <TableCell>
          {/* Environment-wide records (a web login) name no entity. */}
          {record.entityRef ? (
            <EntityRefLink entityRef={record.entityRef} hideIcon />
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell>
          <Chip
            size="small"
            color={outcomeColor[record.outcome] ?? 'default'}
            label={
              record.upstreamStatus
                ? `${record.outcome} (${record.upstreamStatus})`
                : record.outcome
            }
          />
        </TableCell>
        <TableCell sx={{ wordBreak: 'break-all' }}>
          {record.runId ?? ''}
          {record.taskIds?.length ? ` · ${record.taskIds.join(', ')}` : ''}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={columns}
          sx={{ py: 0, borderBottom: open ? undefined : 'none' }}
        >
          <Collapse in={open} unmountOnExit>
            <RecordDetails record={record} />
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

const headers = [
  '',
  'Time',
  'Actor',
  'Action',
  'Environment',
  'DAG',
  'Entity',
  'Outcome',
  'Run',
];

/** Audit records, newest first; a row opens the conf sent, the error and ids. */
export function AuditTable(props: { records: AirflowAuditRecord[] }) {
  return (
    <Table size="small" aria-label="Audit records">
      <TableHead>
        <TableRow>
          {headers.map(header => (
            <TableCell key={header}>{header}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.records.map(record => (
          <AuditRow key={record.id} record={record} columns={headers.length} />
        ))}
        {props.records.length === 0 && (
          <TableRow>
            <TableCell colSpan={headers.length}>
              No audit records match these filters.
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
