import type {
  ComponentHealth,
  EnvironmentOverallStatus,
} from '@airflow-portal/plugin-airflow-common';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

/** Overall verdict of an environment, as a Backstage status mark with its word. */
export function EnvironmentStatusText(props: {
  status: EnvironmentOverallStatus;
}) {
  switch (props.status) {
    case 'healthy':
      return <StatusOK>healthy</StatusOK>;
    case 'degraded':
      return <StatusWarning>degraded</StatusWarning>;
    default:
      return <StatusError>unreachable</StatusError>;
  }
}

/** Health of one Airflow component (scheduler, triggerer, ...). */
export function ComponentStatusText(props: {
  status: ComponentHealth['status'];
}) {
  switch (props.status) {
    case 'healthy':
      return <StatusOK>healthy</StatusOK>;
    case 'unhealthy':
      return <StatusError>unhealthy</StatusError>;
    default:
      return <StatusPending>unknown</StatusPending>;
  }
}
