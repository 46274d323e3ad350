import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMemo } from 'react';

export interface EnvironmentFilter {
  owner: string;
  tag: string;
  /** An overall status, or '' for all. */
  status: string;
  /** Part of the name or title, any case. */
  text: string;
}

export const emptyEnvironmentFilter: EnvironmentFilter = {
  owner: '',
  tag: '',
  status: '',
  text: '',
};

const statuses = ['unreachable', 'degraded', 'healthy'];

export function matchesEnvironmentFilter(
  environment: AirflowEnvironmentStatus,
  filter: EnvironmentFilter,
): boolean {
  const text = filter.text.trim().toLocaleLowerCase();
  return (
    (!filter.owner || environment.owner === filter.owner) &&
    (!filter.tag || environment.tags.includes(filter.tag)) &&
    (!filter.status || environment.status === filter.status) &&
    (!text ||
      environment.name.toLocaleLowerCase().includes(text) ||
      environment.title.toLocaleLowerCase().includes(text))
  );
}

function Select(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      sx={{ minWidth: 200 }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Name, status, owner team and tag filters; the lists offer only values the environments have. */
export function EnvironmentFilters(props: {
  environments: AirflowEnvironmentStatus[];
  filter: EnvironmentFilter;
  onChange: (filter: EnvironmentFilter) => void;
}) {
  const { environments, filter, onChange } = props;
  const owners = useMemo(
    () =>
      [
        ...new Set(environments.flatMap(e => (e.owner ? [e.owner] : []))),
      ].sort(),
    [environments],
  );
  const tags = useMemo(
    () => [...new Set(environments.flatMap(e => e.tags))].sort(),
    [environments],
  );
  return (
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
      <TextField
        size="small"
        label="Name"
        type="search"
        value={filter.text}
        onChange={event => onChange({ ...filter, text: event.target.value })}
      />
      <Select
        label="Status"
        value={filter.status}
        options={statuses}
        onChange={status => onChange({ ...filter, status })}
      />
      <Select
        label="Owner team"
        value={filter.owner}
        options={owners}
        onChange={owner => onChange({ ...filter, owner })}
      />
      <Select
        label="Tag"
        value={filter.tag}
        options={tags}
        onChange={tag => onChange({ ...filter, tag })}
      />
    </Stack>
  );
}
