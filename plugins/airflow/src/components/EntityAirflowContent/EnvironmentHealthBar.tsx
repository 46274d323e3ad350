import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { EnvironmentStatusChip } from '../common/EnvironmentStatusChip';
import type { EnvironmentStatuses } from './useEnvironmentStatuses';

/** Health at a glance of the environments the entity's DAGs live in. */
export function EnvironmentHealthBar(props: {
  names: string[];
  statuses: EnvironmentStatuses;
}) {
  const { names, statuses } = props;
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      flexWrap="wrap"
      alignItems="center"
      aria-label="Airflow environments"
    >
      <Typography variant="subtitle2" component="span">
        Environments:
      </Typography>
      {names.map(name => (
        <EnvironmentStatusChip
          key={name}
          name={name}
          status={statuses.byName[name]}
          error={statuses.loading ? undefined : statuses.errors[name]}
        />
      ))}
    </Stack>
  );
}
