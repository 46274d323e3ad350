import type { EnvironmentDags } from '@airflow-portal/plugin-airflow-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Stack from '@mui/material/Stack';
import { describeAirflowError } from '../display/errors';

/** One warning per environment whose DAGs could not be read; the others still show. */
export function EnvironmentErrorAlerts(props: {
  environments: EnvironmentDags[];
  environmentTitles: Record<string, string>;
}) {
  const failed = props.environments.filter(environment => environment.error);
  if (failed.length === 0) {
    return null;
  }
  return (
    <Stack spacing={1}>
      {failed.map(({ environment, error }) => (
        <Alert key={environment} severity="warning">
          <AlertTitle>
            DAGs of {props.environmentTitles[environment] ?? environment} (
            {environment}) could not be read
          </AlertTitle>
          {describeAirflowError(error!)}
        </Alert>
      ))}
    </Stack>
  );
}
