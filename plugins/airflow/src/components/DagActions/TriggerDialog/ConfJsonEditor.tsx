import TextField from '@mui/material/TextField';

/** Raw `conf` as JSON, for DAGs without params or values the form cannot express. */
export function ConfJsonEditor(props: {
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      label="conf (JSON object)"
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      error={!!props.error}
      helperText={
        props.error ?? 'Passed to the run as dag_run.conf; at most 64 KiB.'
      }
      multiline
      minRows={6}
      maxRows={20}
      fullWidth
      inputProps={{ style: { fontFamily: 'monospace' }, spellCheck: false }}
      sx={{ mt: 1 }}
    />
  );
}
