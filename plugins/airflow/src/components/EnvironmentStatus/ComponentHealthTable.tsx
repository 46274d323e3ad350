import type {
  AirflowHealth,
  ComponentHealth,
} from '@airflow-portal/plugin-airflow-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { formatDateTime, formatRelative } from '../display/formatting';
import { ComponentStatusText } from './StatusText';

const componentLabels: Array<[keyof AirflowHealth, string]> = [
  ['metadatabase', 'Metadatabase'],
  ['scheduler', 'Scheduler'],
  ['triggerer', 'Triggerer'],
  ['dagProcessor', 'DAG processor'],
];

function HealthRow(props: { label: string; health: ComponentHealth }) {
  const { label, health } = props;
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {label}
      </TableCell>
      <TableCell>
        <ComponentStatusText status={health.status} />
      </TableCell>
      <TableCell title={formatDateTime(health.latestHeartbeat)}>
        {health.latestHeartbeat
          ? `heartbeat ${formatRelative(health.latestHeartbeat)}`
          : ''}
      </TableCell>
    </TableRow>
  );
}

/** Health of each Airflow component; the DAG processor only when the server reports it. */
export function ComponentHealthTable(props: { health: AirflowHealth }) {
  return (
    <Table size="small" aria-label="Component health">
      <TableBody>
        {componentLabels.map(([key, label]) => {
          const health = props.health[key];
          return health ? (
            <HealthRow key={key} label={label} health={health} />
          ) : null;
        })}
      </TableBody>
    </Table>
  );
}
