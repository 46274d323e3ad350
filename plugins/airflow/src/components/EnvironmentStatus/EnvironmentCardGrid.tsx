import type {
  AirflowEnvironmentStatus,
  EnvironmentApprovalCount,
} from '@airflow-portal/plugin-airflow-common';
import Box from '@mui/material/Box';
import { EnvironmentCard } from './EnvironmentCard';

const severity = { unreachable: 0, degraded: 1, healthy: 2 } as const;

/** Environments with problems come first: those are what an operator looks for. */
export function sortProblemsFirst(
  environments: AirflowEnvironmentStatus[],
): AirflowEnvironmentStatus[] {
  return [...environments].sort(
    (a, b) =>
      severity[a.status] - severity[b.status] || a.title.localeCompare(b.title),
  );
}

/** Narrower than this, a card's health table wraps; the grid then uses fewer columns. */
const MIN_CARD_WIDTH = 440;

/**
 * As many columns as the width holds, each card at least MIN_CARD_WIDTH wide
 * (or the whole width when that is less). A CSS grid with gaps: unlike MUI's
 * Grid, whose negative margins a parent Stack resets, it never grows wider
 * than its parent.
 */
export function EnvironmentCardGrid(props: {
  environments: AirflowEnvironmentStatus[];
  /** Pending approvals by environment name. */
  approvalCounts?: Record<string, EnvironmentApprovalCount>;
}) {
  return (
    <Box
      data-testid="environment-card-grid"
      sx={{
        display: 'grid',
        gap: 3,
        gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${MIN_CARD_WIDTH}px), 1fr))`,
      }}
    >
      {sortProblemsFirst(props.environments).map(environment => (
        // minWidth 0: a long word or table may not widen its column.
        <Box key={environment.name} sx={{ minWidth: 0 }}>
          <EnvironmentCard
            environment={environment}
            approvalCount={props.approvalCounts?.[environment.name]}
          />
        </Box>
      ))}
    </Box>
  );
}
