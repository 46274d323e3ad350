import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ComponentHealthTable } from './ComponentHealthTable';
import { describeAirflowError } from './errors';
import { formatRelative } from './formatting';
import { EnvironmentStatusText } from './StatusText';

function Facts(props: { environment: AirflowEnvironmentStatus }) {
  const { environment } = props;
  const facts = [
    environment.version && `Airflow ${environment.version}`,
    environment.apiVersion && `REST API ${environment.apiVersion}`,
    `transport: ${environment.transport}`,
    environment.mwaa &&
      `MWAA ${environment.mwaa.status ?? 'status unknown'} (${
        environment.mwaa.region
      })`,
  ].filter((fact): fact is string => Boolean(fact));
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
      {facts.map(fact => (
        <Chip key={fact} size="small" label={fact} />
      ))}
      {environment.tags.map(tag => (
        <Chip key={`tag:${tag}`} size="small" variant="outlined" label={tag} />
      ))}
    </Stack>
  );
}

function ImportErrorCount(props: { count?: number }) {
  if (props.count === undefined) {
    return null;
  }
  return (
    <Typography
      variant="body2"
      color={props.count > 0 ? 'warning.main' : 'text.secondary'}
    >
      {props.count === 1 ? '1 import error' : `${props.count} import errors`}
    </Typography>
  );
}

/** Everything the ops view knows about one environment's health. */
export function EnvironmentCard(props: {
  environment: AirflowEnvironmentStatus;
}) {
  const { environment } = props;
  return (
    <InfoCard
      title={environment.title}
      subheader={environment.name}
      deepLink={
        environment.uiUrl
          ? { title: 'Open Airflow', link: environment.uiUrl }
          : undefined
      }
    >
      <Stack spacing={1.5} data-testid={`environment-${environment.name}`}>
        <Stack direction="row" spacing={2} alignItems="center">
          <EnvironmentStatusText status={environment.status} />
          <Typography variant="caption" color="text.secondary">
            checked {formatRelative(environment.checkedAt)}
          </Typography>
        </Stack>
        {environment.error && (
          <Alert
            severity={
              environment.status === 'unreachable' ? 'error' : 'warning'
            }
          >
            {describeAirflowError(environment.error)}
          </Alert>
        )}
        {environment.description && (
          <Typography variant="body2">{environment.description}</Typography>
        )}
        {environment.owner && (
          <Typography variant="body2" component="div">
            Owner: <EntityRefLink entityRef={environment.owner} />
          </Typography>
        )}
        <Facts environment={environment} />
        {environment.health && (
          <ComponentHealthTable health={environment.health} />
        )}
        <ImportErrorCount count={environment.importErrorCount} />
      </Stack>
    </InfoCard>
  );
}
