import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { Link } from '@backstage/core-components';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { memo } from 'react';
import { useOpenDagAction } from '../DagActions/openDagAction';
import { DisabledReason } from '../DagActions/DisabledReason';
import type { EnvironmentInfo } from '../EnvironmentStatus/environments';
import { LatestRunMarks } from '../display/RunStateMark';
import type { DagActionDecisions } from '../DagActions/useDagActionPermissions';
import {
  DagNameCell,
  NextRunCell,
  OwnersCell,
  TagsCell,
  TimetableCell,
} from './DagCells';
import { nextRunOf } from './dagSort';
import { PauseToggle } from '../DagActions/PauseToggle';

export interface DagTableRowProps {
  dag: AirflowDagWithRuns;
  environment: EnvironmentInfo;
  showEnvironment: boolean;
  actionEntityRef: string;
  decisions: DagActionDecisions;
  ownerRefs: Record<string, string>;
}

/**
 * One DAG. Memoised: with hundreds of DAGs, a change to one DAG (paused,
 * a new run) re-renders only its row; every prop is kept stable upstream.
 */
export const DagTableRow = memo(function DagTableRowView(
  props: DagTableRowProps,
) {
  const {
    dag,
    environment,
    showEnvironment,
    actionEntityRef,
    decisions,
    ownerRefs,
  } = props;
  const onAction = useOpenDagAction();
  const open = (kind: 'details' | 'trigger' | 'pause') =>
    onAction({ kind, dag, entityRef: actionEntityRef });

  return (
    <TableRow hover data-testid={`dag-row-${dag.environment}-${dag.dagId}`}>
      <TableCell>
        <DagNameCell dag={dag} onOpen={() => open('details')} />
      </TableCell>
      {showEnvironment && <TableCell>{environment.title}</TableCell>}
      <TableCell>
        <TagsCell tags={dag.tags} />
      </TableCell>
      <TableCell>
        <OwnersCell owners={dag.owners} ownerRefs={ownerRefs} />
      </TableCell>
      <TableCell>
        <TimetableCell dag={dag} />
      </TableCell>
      <TableCell>
        <NextRunCell nextRun={nextRunOf(dag)} />
      </TableCell>
      <TableCell>
        <PauseToggle
          dag={dag}
          decision={decisions.pause}
          onRequest={() => open('pause')}
        />
      </TableCell>
      <TableCell>
        <LatestRunMarks runs={dag.latestRuns} />
      </TableCell>
      <TableCell padding="none">
        <Stack direction="row" alignItems="center">
          <DisabledReason
            reason={
              decisions.trigger.allowed ? undefined : decisions.trigger.reason
            }
          >
            <Tooltip title={decisions.trigger.allowed ? 'Trigger' : ''}>
              <span>
                <IconButton
                  size="small"
                  aria-label={`Trigger ${dag.dagId}`}
                  disabled={!decisions.trigger.allowed}
                  onClick={() => open('trigger')}
                >
                  <PlayArrowIcon fontSize="small" />
                </IconButton>
              </span>
            </Tooltip>
          </DisabledReason>
          {dag.uiUrl && (
            <Link to={dag.uiUrl} aria-label={`Open ${dag.dagId} in Airflow`}>
              <OpenInNewIcon fontSize="small" />
            </Link>
          )}
        </Stack>
      </TableCell>
    </TableRow>
  );
});
