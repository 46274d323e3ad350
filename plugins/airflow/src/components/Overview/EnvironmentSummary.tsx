import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';

/** Counts per verdict, so a broken environment is noticed before scrolling. */
export function EnvironmentSummary(props: {
  environments: AirflowEnvironmentStatus[];
}) {
  const count = (status: AirflowEnvironmentStatus['status']) =>
    props.environments.filter(environment => environment.status === status)
      .length;
  return (
    <Stack direction="row" spacing={1} aria-label="Environment summary">
      <Chip color="success" label={`${count('healthy')} healthy`} />
      <Chip
        color={count('degraded') ? 'warning' : 'default'}
        label={`${count('degraded')} degraded`}
      />
      <Chip
        color={count('unreachable') ? 'error' : 'default'}
        label={`${count('unreachable')} unreachable`}
      />
    </Stack>
  );
}
