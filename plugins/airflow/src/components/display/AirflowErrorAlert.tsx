import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import type { ReactNode } from 'react';
import {
  describeAirflowError,
  statusCodeOf,
  toAirflowErrorInfo,
} from './errors';

/**
 * A failed request as users need it: what failed, the backend's status and
 * Airflow's own status and detail. Used instead of an empty panel everywhere a
 * call can fail (a 403 shows the backend's reason).
 */
export function AirflowErrorAlert(props: {
  title: string;
  error: Error;
  severity?: 'error' | 'warning';
  action?: ReactNode;
}) {
  const { title, error, severity = 'error', action } = props;
  const status = statusCodeOf(error);
  const info = toAirflowErrorInfo(error);
  return (
    <Alert severity={severity} action={action} role="alert">
      <AlertTitle>
        {title}
        {status !== undefined && ` (HTTP ${status})`}
      </AlertTitle>
      {describeAirflowError(info)}
    </Alert>
  );
}
