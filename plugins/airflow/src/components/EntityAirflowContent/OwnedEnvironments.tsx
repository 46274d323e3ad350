import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { EnvironmentCardGrid } from '../EnvironmentStatus/EnvironmentCardGrid';
import { describeAirflowError } from '../display/errors';
import type { EnvironmentStatuses } from '../EnvironmentStatus/useEnvironmentStatuses';

/** Config may name the owner briefly (`team-data`); the catalog's full form is compared. */
function isOwnedBy(environment: AirflowEnvironmentStatus, groupRef: string) {
  if (!environment.owner) {
    return false;
  }
  try {
    const owner = parseEntityRef(environment.owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return stringifyEntityRef(owner) === groupRef;
  } catch {
    return false;
  }
}

/** The Airflow environments a team owns, with their health. */
export function OwnedEnvironments(props: {
  groupRef: string;
  statuses: EnvironmentStatuses;
}) {
  const { groupRef, statuses } = props;
  let body;
  if (statuses.loading) {
    body = <Progress />;
  } else if (!statuses.all) {
    body = (
      <Alert severity="warning">
        Airflow environments could not be listed:{' '}
        {statuses.listError
          ? describeAirflowError(statuses.listError)
          : 'no answer'}
      </Alert>
    );
  } else {
    const owned = statuses.all.filter(environment =>
      isOwnedBy(environment, groupRef),
    );
    body = owned.length ? (
      <EnvironmentCardGrid environments={owned} />
    ) : (
      <Typography variant="body2" color="text.secondary">
        This team owns no Airflow environment.
      </Typography>
    );
  }
  return (
    <Stack spacing={2} component="section" aria-label="Owned environments">
      <Typography variant="h6" component="h2">
        Environments owned by this team
      </Typography>
      {body}
    </Stack>
  );
}
