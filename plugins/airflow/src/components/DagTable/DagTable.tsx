import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { ReactNode, useMemo, useState } from 'react';
import {
  environmentInfo,
  EnvironmentInfo,
} from '../EnvironmentStatus/environments';
import {
  dagKey,
  useDagActionPermissions,
} from '../DagActions/useDagActionPermissions';
import { DagSort, DagSortKey, defaultDagSort, sortDags } from './dagSort';
import { DagTableRow } from './DagTableRow';

export const DAG_PAGE_SIZES = [20, 50, 100];

interface Column {
  title: string;
  sortKey?: DagSortKey;
  environmentOnly?: boolean;
}

const columns: Column[] = [
  { title: 'DAG', sortKey: 'name' },
  { title: 'Environment', sortKey: 'environment', environmentOnly: true },
  { title: 'Tags' },
  { title: 'Owners', sortKey: 'owners' },
  { title: 'Timetable', sortKey: 'schedule' },
  { title: 'Next run', sortKey: 'nextRun' },
  { title: 'Active' },
  { title: 'Latest runs', sortKey: 'attention' },
  { title: 'Actions' },
];

function HeaderCell(props: {
  column: Column;
  sort: DagSort;
  onSort: (key: DagSortKey) => void;
}) {
  const { column, sort, onSort } = props;
  // Short headers stay on one line; the DAG column takes the remaining width.
  const noWrap = { whiteSpace: 'nowrap' } as const;
  if (!column.sortKey) {
    return <TableCell sx={noWrap}>{column.title}</TableCell>;
  }
  const active = sort.key === column.sortKey;
  return (
    <TableCell sx={noWrap} sortDirection={active ? sort.direction : false}>
      <TableSortLabel
        active={active}
        direction={active ? sort.direction : 'asc'}
        onClick={() => onSort(column.sortKey!)}
      >
        {column.title}
      </TableSortLabel>
    </TableCell>
  );
}

/**
 * DAGs with their latest runs and actions; sorted (failing first by default)
 * and paged in the browser. Only the shown page is rendered, so 500 DAGs cost
 * no more than 100.
 */
export function DagTable(props: {
  title: ReactNode;
  dags: AirflowDagWithRuns[];
  environments: Record<string, EnvironmentInfo>;
  showEnvironment: boolean;
  /** The entity whose routes and permissions actions on these DAGs use. */
  actionEntityRef: string;
  ownerRefs: Record<string, string>;
}) {
  const {
    title,
    dags,
    environments,
    showEnvironment,
    actionEntityRef,
    ownerRefs,
  } = props;
  const [sort, setSort] = useState<DagSort>(defaultDagSort);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(DAG_PAGE_SIZES[0]);

  const { byDag } = useDagActionPermissions(actionEntityRef, dags);
  const sorted = useMemo(() => sortDags(dags, sort), [dags, sort]);
  // A narrower filter may leave the current page empty: show its last page.
  const lastPage = Math.max(0, Math.ceil(sorted.length / pageSize) - 1);
  const shownPage = Math.min(page, lastPage);
  const pageDags = sorted.slice(
    shownPage * pageSize,
    (shownPage + 1) * pageSize,
  );

  const onSort = (key: DagSortKey) => {
    setPage(0);
    setSort(current => ({
      key,
      direction:
        current.key === key && current.direction === 'asc' ? 'desc' : 'asc',
    }));
  };

  return (
    <Paper variant="outlined">
      <Toolbar variant="dense">
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
      </Toolbar>
      <TableContainer>
        <Table size="small" aria-label="DAGs">
          <TableHead>
            <TableRow>
              {columns
                .filter(column => showEnvironment || !column.environmentOnly)
                .map(column => (
                  <HeaderCell
                    key={column.title}
                    column={column}
                    sort={sort}
                    onSort={onSort}
                  />
                ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {pageDags.map(dag => (
              <DagTableRow
                key={`${dag.environment}/${dag.dagId}`}
                dag={dag}
                environment={
                  environments[dag.environment] ??
                  environmentInfo(dag.environment)
                }
                showEnvironment={showEnvironment}
                actionEntityRef={actionEntityRef}
                decisions={byDag[dagKey(dag)]}
                ownerRefs={ownerRefs}
              />
            ))}
            {pageDags.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  No DAGs match these filters.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {sorted.length > DAG_PAGE_SIZES[0] && (
        <TablePagination
          component="div"
          count={sorted.length}
          page={shownPage}
          rowsPerPage={pageSize}
          rowsPerPageOptions={DAG_PAGE_SIZES}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setPageSize(Number(event.target.value));
            setPage(0);
          }}
        />
      )}
    </Paper>
  );
}
