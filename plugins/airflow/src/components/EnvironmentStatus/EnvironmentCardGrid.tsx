import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import Grid from '@mui/material/Grid';
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

export function EnvironmentCardGrid(props: {
  environments: AirflowEnvironmentStatus[];
}) {
  return (
    <Grid container spacing={3} alignItems="stretch">
      {sortProblemsFirst(props.environments).map(environment => (
        <Grid item xs={12} md={6} xl={4} key={environment.name}>
          <EnvironmentCard environment={environment} />
        </Grid>
      ))}
    </Grid>
  );
}
