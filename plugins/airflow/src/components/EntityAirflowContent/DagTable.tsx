import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { Link, Table, TableColumn } from '@backstage/core-components';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ReactElement, useMemo } from 'react';
import { formatDateTime, formatRelative } from '../common/formatting';
import { LatestRunMarks } from '../common/RunStateMark';
import { compareFailingFirst } from './dagFilter';

/** Fresh objects per render: the underlying material-table writes into its rows. */
interface DagRow {
  id: string;
  dag: AirflowDagWithRuns;
  name: string;
  environmentTitle: string;
  owners: string;
  schedule: string;
  nextRun?: string;
}

const PAGE_SIZE = 10;

function DagNameCell(props: { dag: AirflowDagWithRuns }) {
  const { dag } = props;
  return (
    <Box>
      <Typography variant="body2" fontWeight="bold">
        {dag.displayName}
      </Typography>
      {dag.displayName !== dag.dagId && (
        <Typography variant="caption" color="text.secondary" component="div">
          {dag.dagId}
        </Typography>
      )}
      {dag.description && (
        <Typography variant="caption" color="text.secondary" component="div">
          {dag.description}
        </Typography>
      )}
      <Stack direction="row" spacing={0.5} mt={0.5}>
        {dag.hasImportErrors && (
          <Chip size="small" color="error" label="import errors" />
        )}
        {!dag.isActive && (
          <Chip size="small" color="warning" label="file missing" />
        )}
      </Stack>
    </Box>
  );
}

function TagsCell(props: { tags: string[] }) {
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {props.tags.map(tag => (
        <Chip key={tag} size="small" variant="outlined" label={tag} />
      ))}
    </Stack>
  );
}

function NextRunCell(props: { nextRun?: string }) {
  if (!props.nextRun) {
    return <>—</>;
  }
  return (
    <Tooltip title={formatDateTime(props.nextRun)}>
      <span>{formatRelative(props.nextRun)}</span>
    </Tooltip>
  );
}

function timeOf(iso?: string): number {
  return iso ? Date.parse(iso) : Number.MAX_SAFE_INTEGER;
}

function buildColumns(showEnvironment: boolean): TableColumn<DagRow>[] {
  return [
    {
      title: 'DAG',
      field: 'name',
      highlight: true,
      render: row => <DagNameCell dag={row.dag} />,
    },
    {
      title: 'Environment',
      field: 'environmentTitle',
      hidden: !showEnvironment,
    },
    {
      title: 'Tags',
      sorting: false,
      render: row => <TagsCell tags={row.dag.tags} />,
    },
    { title: 'Owners', field: 'owners' },
    {
      title: 'Schedule',
      field: 'schedule',
      render: row => (
        <Tooltip title={row.dag.scheduleDescription ?? ''}>
          <span>{row.schedule || '—'}</span>
        </Tooltip>
      ),
    },
    {
      title: 'Next run',
      field: 'nextRun',
      customSort: (a, b) => timeOf(a.nextRun) - timeOf(b.nextRun),
      render: row => <NextRunCell nextRun={row.nextRun} />,
    },
    {
      title: 'State',
      sorting: false,
      render: row =>
        row.dag.isPaused ? (
          <Chip size="small" label="paused" />
        ) : (
          <Chip
            size="small"
            color="primary"
            variant="outlined"
            label="active"
          />
        ),
    },
    {
      title: 'Latest runs',
      customSort: (a, b) => compareFailingFirst(a.dag, b.dag),
      render: row => <LatestRunMarks runs={row.dag.latestRuns} />,
    },
    {
      title: 'Airflow',
      sorting: false,
      render: row =>
        row.dag.uiUrl ? (
          <Link
            to={row.dag.uiUrl}
            aria-label={`Open ${row.dag.dagId} in Airflow`}
          >
            <OpenInNewIcon fontSize="small" />
          </Link>
        ) : null,
    },
  ];
}

/** DAGs with their latest runs; sortable and paged, in the order given (failing first). */
export function DagTable(props: {
  title: string | ReactElement;
  dags: AirflowDagWithRuns[];
  environmentTitles: Record<string, string>;
  showEnvironment: boolean;
}) {
  const { title, dags, environmentTitles, showEnvironment } = props;
  const rows = useMemo<DagRow[]>(
    () =>
      dags.map(dag => ({
        id: `${dag.environment}/${dag.dagId}`,
        dag,
        name: dag.displayName,
        environmentTitle: environmentTitles[dag.environment] ?? dag.environment,
        owners: dag.owners.join(', '),
        schedule: dag.schedule ?? '',
        nextRun: dag.nextRunAfter ?? dag.nextRunLogicalDate,
      })),
    [dags, environmentTitles],
  );
  const columns = useMemo(
    () => buildColumns(showEnvironment),
    [showEnvironment],
  );

  return (
    <Table<DagRow>
      title={title}
      columns={columns}
      data={rows}
      options={{
        search: false,
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE, 25, 50],
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Typography variant="body2" sx={{ p: 2 }}>
          No DAGs match these filters.
        </Typography>
      }
    />
  );
}
