import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { ChangeEvent } from 'react';
import type { DagFilter } from './dagFilter';

interface Option {
  value: string;
  label: string;
}

function SelectFilter(props: {
  label: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}) {
  const { label, value, options, onChange } = props;
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(event: ChangeEvent<HTMLInputElement>) =>
        onChange(event.target.value)
      }
      sx={{ minWidth: 160 }}
    >
      <MenuItem value="">All</MenuItem>
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

const latestRunOptions: Option[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'running', label: 'Running' },
  { value: 'queued', label: 'Queued' },
  { value: 'success', label: 'Success' },
  { value: 'none', label: 'Never ran' },
];

const pausedOptions: Option[] = [
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
];

/** Search and filters of the DAG list; the environment is picked on the health chips. */
export function DagFilterBar(props: {
  filter: DagFilter;
  onChange: (filter: DagFilter) => void;
  tags: string[];
}) {
  const { filter, onChange, tags } = props;
  const set = (patch: Partial<DagFilter>) => onChange({ ...filter, ...patch });
  return (
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
      <TextField
        size="small"
        type="search"
        label="Search DAGs"
        value={filter.text}
        onChange={event => set({ text: event.target.value })}
      />
      <SelectFilter
        label="Latest run"
        value={filter.latestRun}
        options={latestRunOptions}
        onChange={latestRun =>
          set({ latestRun: latestRun as DagFilter['latestRun'] })
        }
      />
      {tags.length > 0 && (
        <SelectFilter
          label="Tag"
          value={filter.tag}
          options={tags.map(tag => ({ value: tag, label: tag }))}
          onChange={tag => set({ tag })}
        />
      )}
      <SelectFilter
        label="Paused"
        value={filter.paused}
        options={pausedOptions}
        onChange={paused => set({ paused: paused as DagFilter['paused'] })}
      />
    </Stack>
  );
}
