import type {
  AirflowEnvironmentStatus,
  AirflowErrorInfo,
} from '@airflow-portal/plugin-airflow-common';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import WarningIcon from '@mui/icons-material/Warning';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { describeAirflowError } from '../display/errors';
import { freshnessText } from './freshness';

const chipLook = {
  healthy: { color: 'success', icon: <CheckCircleIcon /> },
  degraded: { color: 'warning', icon: <WarningIcon /> },
  unreachable: { color: 'error', icon: <ErrorIcon /> },
} as const;

function tooltipText(
  name: string,
  status?: AirflowEnvironmentStatus,
  error?: AirflowErrorInfo,
): string {
  if (!status) {
    return error
      ? `Status of ${name} unknown: ${describeAirflowError(error)}`
      : `Checking ${name}…`;
  }
  const facts = [
    `${status.title} (${status.name})`,
    status.apiVersion && `REST API ${status.apiVersion}`,
    `transport ${status.transport}`,
    freshnessText(status),
    status.error && describeAirflowError(status.error),
  ];
  return facts.filter(Boolean).join(' · ');
}

/**
 * An environment's health at a glance: verdict and Airflow version, details in
 * the tooltip. Without a status (still loading, or the status call failed) the
 * chip stays neutral so the DAGs can still be shown.
 */
export function EnvironmentStatusChip(props: {
  name: string;
  status?: AirflowEnvironmentStatus;
  error?: AirflowErrorInfo;
  /** Makes the chip an environment picker. */
  onClick?: () => void;
  selected?: boolean;
}) {
  const { name, status, error, onClick, selected } = props;
  const look = status ? chipLook[status.status] : undefined;
  const label = status
    ? [
        status.title,
        status.stale ? `${status.status} (stale)` : status.status,
        status.version && `Airflow ${status.version}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : `${name} · ${error ? 'status unknown' : 'checking…'}`;

  return (
    <Tooltip title={tooltipText(name, status, error)}>
      <Chip
        size="small"
        variant={selected ? 'filled' : 'outlined'}
        color={look?.color ?? 'default'}
        onClick={onClick}
        aria-pressed={onClick ? Boolean(selected) : undefined}
        icon={look?.icon ?? <HelpOutlineIcon />}
        label={label}
      />
    </Tooltip>
  );
}
