import type { EnvironmentApprovalCount } from '@airflow-portal/plugin-airflow-common';
import Typography from '@mui/material/Typography';
import { describeAirflowError } from '../display/errors';

/** "3 approvals waiting", for the card and the table's accessible name. */
export function pendingApprovalsText(pending: number): string {
  return pending === 1 ? '1 approval waiting' : `${pending} approvals waiting`;
}

/**
 * How many human-in-the-loop approvals wait in the environment, on its
 * ops overview card; nothing where Airflow has no approvals or the backend
 * has not counted yet, a short note where it could not count.
 */
export function PendingApprovalCount(props: {
  environment: string;
  count?: EnvironmentApprovalCount;
}) {
  const { environment, count } = props;
  if (!count || !count.supported) {
    return null;
  }
  if (count.pending === undefined) {
    return count.error ? (
      <Typography variant="body2" color="text.secondary">
        Approvals could not be counted: {describeAirflowError(count.error)}
      </Typography>
    ) : null;
  }
  return (
    <Typography
      variant="body2"
      color={count.pending > 0 ? 'warning.main' : 'text.secondary'}
      aria-label={`${pendingApprovalsText(count.pending)} in ${environment}`}
    >
      {pendingApprovalsText(count.pending)}
    </Typography>
  );
}
