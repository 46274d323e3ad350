import type {
  AirflowAuditAction,
  AirflowAuditOutcome,
} from '@airflow-portal/plugin-airflow-common';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { AirflowAuditQuery } from '../../api';
import { fromLocalInput } from '../display/localDateTime';

export type AuditFilterKey =
  | 'actor'
  | 'environment'
  | 'dagId'
  | 'entityRef'
  | 'action'
  | 'outcome'
  | 'from'
  | 'to'
  | 'origin';

/** Filter inputs as typed; dates in the user's zone until turned into a query. */
export type AuditFilterValues = Record<AuditFilterKey, string>;

export const emptyAuditFilters: AuditFilterValues = {
  actor: '',
  environment: '',
  dagId: '',
  entityRef: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
  origin: '',
};

const actions: AirflowAuditAction[] = [
  'dag.trigger',
  'dag.pause',
  'dag.unpause',
  'run.clear',
  'task.clear',
  'run.mark',
  'task.mark',
  'run.note',
  'task.note',
];
const outcomes: AirflowAuditOutcome[] = [
  'pending',
  'succeeded',
  'deduplicated',
  'failed',
  'unknown',
  'denied',
  'rejected',
];

/** The query of the audit route; empty and malformed inputs are left out. */
export function auditQueryOf(values: AuditFilterValues): AirflowAuditQuery {
  const text = (value: string) => value.trim() || undefined;
  return {
    actor: text(values.actor),
    environment: text(values.environment),
    dagId: text(values.dagId),
    entityRef: text(values.entityRef),
    action: (values.action || undefined) as AirflowAuditAction | undefined,
    outcome: (values.outcome || undefined) as AirflowAuditOutcome | undefined,
    from: values.from ? fromLocalInput(values.from) : undefined,
    to: values.to ? fromLocalInput(values.to) : undefined,
    origin: text(values.origin),
  };
}

const textFilters: Array<[AuditFilterKey, string, string]> = [
  ['actor', 'Actor', 'user:default/jane'],
  ['environment', 'Environment', 'data-prod'],
  ['dagId', 'DAG id', ''],
  ['entityRef', 'Entity', 'component:default/orders-service'],
  ['origin', 'Origin', 'plugin:scaffolder'],
];

const selectFilters: Array<[AuditFilterKey, string, readonly string[]]> = [
  ['action', 'Action', actions],
  ['outcome', 'Outcome', outcomes],
];

/** The filters of the audit API; `hidden` ones are fixed by the context (an entity card). */
export function AuditFilters(props: {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  hidden?: AuditFilterKey[];
}) {
  const { values, onChange, hidden = [] } = props;
  const set = (key: AuditFilterKey, value: string) =>
    onChange({ ...values, [key]: value });
  const shown = (key: AuditFilterKey) => !hidden.includes(key);
  return (
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
      {textFilters
        .filter(([key]) => shown(key))
        .map(([key, label, placeholder]) => (
          <TextField
            key={key}
            size="small"
            label={label}
            placeholder={placeholder}
            value={values[key]}
            onChange={event => set(key, event.target.value)}
          />
        ))}
      {selectFilters
        .filter(([key]) => shown(key))
        .map(([key, label, options]) => (
          <TextField
            key={key}
            select
            size="small"
            label={label}
            value={values[key]}
            onChange={event => set(key, event.target.value)}
            sx={{ minWidth: 150 }}
          >
            <MenuItem value="">All</MenuItem>
            {options.map(option => (
              <MenuItem key={option} value={option}>
                {option}
              </MenuItem>
            ))}
          </TextField>
        ))}
      {(['from', 'to'] as const).filter(shown).map(key => (
        <TextField
          key={key}
          size="small"
          type="datetime-local"
          label={key === 'from' ? 'From' : 'To'}
          value={values[key]}
          onChange={event => set(key, event.target.value)}
          InputLabelProps={{ shrink: true }}
        />
      ))}
    </Stack>
  );
}
