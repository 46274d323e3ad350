import type {
  AirflowEnvironmentStatus,
  EnvironmentApprovalCount,
} from '@airflow-portal/plugin-airflow-common';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ComponentHealthTable } from './ComponentHealthTable';
import { describeAirflowError } from '../display/errors';
import { ImportErrorsDialog } from './ImportErrorsDialog';
import { freshnessText } from './freshness';
import { EnvironmentStatusText } from './StatusText';
import { OpenInAirflow } from './OpenInAirflow';

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

function ImportErrorCount(props: {
  count?: number;
  scope?: AirflowEnvironmentStatus['importErrorScope'];
  onOpen: () => void;
}) {
  const { count, scope, onOpen } = props;
  if (count === undefined) {
    return null;
  }
  // A scoped count says so: the environment may have more the user cannot see.
  const text = `${count === 1 ? '1 import error' : `${count} import errors`}${
    scope === 'readable' ? ' in files of DAGs you may read' : ''
  }`;
  if (count === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {text}
      </Typography>
    );
  }
  return (
    <MuiLink
      component="button"
      variant="body2"
      color="warning.main"
      onClick={onOpen}
      sx={{ alignSelf: 'flex-start' }}
    >
      {text}
    </MuiLink>
  );
}
import { MissingDagCount } from '../DeploymentChecks/MissingDagCount';
import { PendingApprovalCount } from '../Approvals/PendingApprovalCount';

function RunCounts(props: {
  counts?: AirflowEnvironmentStatus['runCounts24h'];
}) {
  if (!props.counts) {
    return null;
  }
  const { failed, running } = props.counts;
  return (
    <Stack direction="row" spacing={1} aria-label="Runs in the last 24 hours">
      <Chip
        size="small"
        color={failed > 0 ? 'error' : 'default'}
        label={`${failed} failed (24 h)`}
      />
      <Chip
        size="small"
        color={running > 0 ? 'info' : 'default'}
        label={`${running} running`}
      />
    </Stack>
  );
}

/** Everything the ops view knows about one environment's health. */
export function EnvironmentCard(props: {
  environment: AirflowEnvironmentStatus;
  /** Pending human-in-the-loop approvals (the backend's count). */
  approvalCount?: EnvironmentApprovalCount;
}) {
  const { environment } = props;
  const [showImportErrors, setShowImportErrors] = useState(false);
  return (
    <InfoCard
      title={environment.title}
      subheader={environment.name}
      // Cards in a row share its height, so their links line up at the bottom.
      variant="fullHeight"
      // Signed in (MWAA web login) it is a button in the card, not a link.
      deepLink={
        environment.uiUrl && !environment.webLogin
          ? { title: 'Open Airflow', link: environment.uiUrl }
          : undefined
      }
    >
      <Stack spacing={1.5} data-testid={`environment-${environment.name}`}>
        <Stack direction="row" spacing={2} alignItems="center">
          <EnvironmentStatusText status={environment.status} />
          <Typography variant="caption" color="text.secondary">
            {freshnessText(environment)}
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
        <RunCounts counts={environment.runCounts24h} />
        <ImportErrorCount
          count={environment.importErrorCount}
          scope={environment.importErrorScope}
          onOpen={() => setShowImportErrors(true)}
        />
        {environment.webLogin && <OpenInAirflow environment={environment} />}
        <MissingDagCount
          environment={environment.name}
          count={environment.missingDagCount}
        />
        <PendingApprovalCount
          environment={environment.name}
          count={props.approvalCount}
        />
      </Stack>
      {showImportErrors && (
        <ImportErrorsDialog
          environment={environment}
          onClose={() => setShowImportErrors(false)}
        />
      )}
    </InfoCard>
  );
}
