import type {
  AirflowEnvironmentStatus,
  EnvironmentApprovalCount,
} from '@airflow-portal/plugin-airflow-common';
import MuiLink from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { describeAirflowError } from '../display/errors';
import { formatRelative } from '../display/formatting';
import { ImportErrorsDialog } from '../EnvironmentStatus/ImportErrorsDialog';
import { EnvironmentStatusText } from '../EnvironmentStatus/StatusText';
import {
  EnvironmentColumn,
  EnvironmentSort,
  sortEnvironments,
  worstFirst,
} from './environmentOrder';
import { OpenInAirflow } from '../EnvironmentStatus/OpenInAirflow';
import { pendingApprovalsText } from '../Approvals/PendingApprovalCount';

interface Column {
  id: EnvironmentColumn;
  label: string;
  numeric?: boolean;
}

const columns: Column[] = [
  { id: 'status', label: 'Status' },
  { id: 'environment', label: 'Environment' },
  { id: 'version', label: 'Version' },
  { id: 'transport', label: 'Transport' },
  { id: 'failed', label: 'Failed (24 h)', numeric: true },
  { id: 'running', label: 'Running', numeric: true },
  { id: 'importErrors', label: 'Import errors', numeric: true },
  { id: 'checkedAt', label: 'Last checked' },
  { id: 'missingDags', label: 'Missing DAGs', numeric: true },
];

/** A count, or a dash when the backend could not count. */
function Count(props: { value?: number; alert?: boolean }) {
  if (props.value === undefined) {
    return <>—</>;
  }
  return (
    <Typography
      variant="body2"
      component="span"
      color={props.alert && props.value > 0 ? 'error' : undefined}
    >
      {props.value}
    </Typography>
  );
}

function EnvironmentRow(props: {
  environment: AirflowEnvironmentStatus;
  now?: number;
  onOpenImportErrors: () => void;
  approvalCount?: EnvironmentApprovalCount;
}) {
  const { environment: e, now } = props;
  const status = <EnvironmentStatusText status={e.status} />;
  return (
    <TableRow hover data-testid={`environment-row-${e.name}`}>
      <TableCell>
        {e.error ? (
          <Tooltip title={describeAirflowError(e.error)}>
            <span>{status}</span>
          </Tooltip>
        ) : (
          status
        )}
      </TableCell>
      <TableCell>
        {e.uiUrl && !e.webLogin ? (
          <MuiLink href={e.uiUrl} target="_blank" rel="noopener">
            {e.title}
          </MuiLink>
        ) : (
          e.title
        )}
        <Typography variant="caption" color="text.secondary" display="block">
          {e.name}
        </Typography>
        {e.webLogin && <OpenInAirflow environment={e} />}
      </TableCell>
      <TableCell>{e.version ?? '—'}</TableCell>
      <TableCell>{e.transport}</TableCell>
      <TableCell align="right">
        <Count value={e.runCounts24h?.failed} alert />
      </TableCell>
      <TableCell align="right">
        <Count value={e.runCounts24h?.running} />
      </TableCell>
      <TableCell align="right">
        {e.importErrorCount ? (
          <MuiLink
            component="button"
            variant="body2"
            color="warning.main"
            onClick={props.onOpenImportErrors}
            aria-label={`${e.importErrorCount} import errors in ${e.name}${
              e.importErrorScope === 'readable'
                ? ' (files of DAGs you may read)'
                : ''
            }`}
          >
            {e.importErrorCount}
          </MuiLink>
        ) : (
          <Count value={e.importErrorCount} />
        )}
      </TableCell>
      {/* Where the staleness fields (last success, unreachable since) go once reported. */}
      <TableCell>{formatRelative(e.checkedAt, now)}</TableCell>
      <TableCell
        align="right"
        aria-label={
          e.missingDagCount === undefined
            ? undefined
            : `${e.missingDagCount} missing DAGs in ${e.name}`
        }
      >
        <Count value={e.missingDagCount} alert />
      </TableCell>
      {/* A dash where Airflow has no approvals (Airflow 2, 3.0) or none were counted. */}
      <TableCell
        align="right"
        aria-label={
          props.approvalCount?.pending === undefined
            ? undefined
            : `${pendingApprovalsText(props.approvalCount.pending)} in ${
                e.name
              }`
        }
      >
        <Count value={props.approvalCount?.pending} alert />
      </TableCell>
    </TableRow>
  );
}

/**
 * One row per environment, worst first, sortable by any column: the view for
 * many environments, where cards would take pages of scrolling.
 */
export function EnvironmentTable(props: {
  environments: AirflowEnvironmentStatus[];
  /** For tests: the time "last checked" is measured from. */
  now?: number;
  /** Pending approvals by environment name. */
  approvalCounts?: Record<string, EnvironmentApprovalCount>;
}) {
  const [sort, setSort] = useState<EnvironmentSort>(worstFirst);
  const [importErrorsOf, setImportErrorsOf] =
    useState<AirflowEnvironmentStatus>();
  const rows = useMemo(
    () => sortEnvironments(props.environments, sort),
    [props.environments, sort],
  );
  const sortBy = (column: Column) =>
    setSort(current =>
      current.column === column.id
        ? {
            column: column.id,
            direction: current.direction === 'asc' ? 'desc' : 'asc',
          }
        : // Counts start with the largest: that is where the problems are.
          { column: column.id, direction: column.numeric ? 'desc' : 'asc' },
    );

  return (
    <TableContainer>
      <Table size="small" aria-label="Environments">
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell
                key={column.id}
                align={column.numeric ? 'right' : 'left'}
                sortDirection={
                  sort.column === column.id ? sort.direction : false
                }
              >
                <TableSortLabel
                  active={sort.column === column.id}
                  direction={sort.column === column.id ? sort.direction : 'asc'}
                  onClick={() => sortBy(column)}
                >
                  {column.label}
                </TableSortLabel>
              </TableCell>
            ))}
            {/* Counted by another read than the statuses, so not sortable with them. */}
            <TableCell align="right">Approvals waiting</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(environment => (
            <EnvironmentRow
              key={environment.name}
              environment={environment}
              now={props.now}
              onOpenImportErrors={() => setImportErrorsOf(environment)}
              approvalCount={props.approvalCounts?.[environment.name]}
            />
          ))}
        </TableBody>
      </Table>
      {importErrorsOf && (
        <ImportErrorsDialog
          environment={importErrorsOf}
          onClose={() => setImportErrorsOf(undefined)}
        />
      )}
    </TableContainer>
  );
}
