import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { EnvironmentStatusChip } from '../EnvironmentStatus/EnvironmentStatusChip';
import type { EnvironmentStatuses } from '../EnvironmentStatus/useEnvironmentStatuses';

/**
 * Health at a glance of the environments the entity's DAGs live in. With more
 * than one, the chips also pick the environment whose DAGs are shown.
 */
export function EnvironmentHealthBar(props: {
  names: string[];
  statuses: EnvironmentStatuses;
  selected: string;
  onSelect: (environment: string) => void;
}) {
  const { names, statuses, selected, onSelect } = props;
  const picker = names.length > 1;
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
      {picker && (
        <Chip
          size="small"
          label="All"
          variant={selected ? 'outlined' : 'filled'}
          aria-pressed={!selected}
          onClick={() => onSelect('')}
        />
      )}
      {names.map(name => (
        <EnvironmentStatusChip
          key={name}
          name={name}
          status={statuses.byName[name]}
          error={statuses.loading ? undefined : statuses.errors[name]}
          selected={picker && selected === name}
          onClick={
            picker ? () => onSelect(selected === name ? '' : name) : undefined
          }
        />
      ))}
    </Stack>
  );
}
