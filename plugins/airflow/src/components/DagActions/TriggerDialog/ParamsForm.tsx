import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { FormValues, ParamField } from './paramFields';

const inputTypes: Partial<Record<ParamField['kind'], string>> = {
  number: 'number',
  integer: 'number',
  date: 'date',
  'date-time': 'datetime-local',
};

function ParamInput(props: {
  field: ParamField;
  value: string | boolean;
  error?: string;
  onChange: (value: string | boolean) => void;
}) {
  const { field, value, error, onChange } = props;
  const helper = error ?? field.description;

  if (field.kind === 'boolean') {
    return (
      <div>
        <FormControlLabel
          control={
            <Switch
              checked={value === true}
              onChange={event => onChange(event.target.checked)}
            />
          }
          label={field.label}
        />
        {helper && <FormHelperText error={!!error}>{helper}</FormHelperText>}
      </div>
    );
  }

  const multiline = field.kind === 'string-array' || field.kind === 'json';
  return (
    <TextField
      select={field.kind === 'enum'}
      label={field.label}
      value={value}
      required={field.required}
      error={!!error}
      helperText={
        field.kind === 'string-array' && !error
          ? [field.description, 'One value per line']
              .filter(Boolean)
              .join(' · ')
          : helper
      }
      type={inputTypes[field.kind] ?? 'text'}
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      InputLabelProps={
        field.kind === 'date' || field.kind === 'date-time'
          ? { shrink: true }
          : undefined
      }
      inputProps={{
        step: field.kind === 'integer' ? 1 : 'any',
        style: field.kind === 'json' ? { fontFamily: 'monospace' } : undefined,
      }}
      onChange={event => onChange(event.target.value)}
      fullWidth
      size="small"
    >
      {field.kind === 'enum' &&
        field.options!.map((option, index) => (
          <MenuItem key={index} value={String(index)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </MenuItem>
        ))}
    </TextField>
  );
}

/** One input per DAG param, typed after its JSON schema; errors below each field. */
export function ParamsForm(props: {
  fields: ParamField[];
  values: FormValues;
  errors: Record<string, string>;
  onChange: (values: FormValues) => void;
}) {
  const { fields, values, errors, onChange } = props;
  return (
    <Stack spacing={2} pt={1}>
      {fields.map(field => (
        <ParamInput
          key={field.name}
          field={field}
          value={values[field.name]}
          error={errors[field.name]}
          onChange={value => onChange({ ...values, [field.name]: value })}
        />
      ))}
    </Stack>
  );
}
