import {
  airflowEnvironmentWebLoginPermission,
  type AirflowEnvironmentSummary,
} from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';
import { DisabledReason } from '../DagActions/DisabledReason';

type Environment = Pick<
  AirflowEnvironmentSummary,
  'name' | 'title' | 'uiUrl' | 'webLogin'
>;

/**
 * "Open in Airflow" for one environment. Where the backend can sign the user
 * in (an MWAA environment with web login), a button that asks it for a
 * sign-in URL on each click (its token lives a minute) and opens it in a new
 * tab; disabled, with the reason, for a user without
 * `airflow.environment.webLogin` on the environment. Anywhere else, the
 * plain link to `uiUrl`, if any.
 */
export function OpenInAirflow(props: {
  environment: Environment;
  /** The plain link's text. */
  label?: string;
  size?: 'small' | 'medium';
}) {
  const { environment, label = 'Open in Airflow', size = 'small' } = props;
  if (environment.webLogin) {
    return <SignedInButton environment={environment} size={size} />;
  }
  return environment.uiUrl ? (
    <MuiLink href={environment.uiUrl} target="_blank" rel="noopener">
      {label}
    </MuiLink>
  ) : null;
}

function SignedInButton(props: {
  environment: Environment;
  size: 'small' | 'medium';
}) {
  const { environment, size } = props;
  const api = useApi(airflowApiRef);
  const permissionApi = useApi(permissionApiRef);
  // Asked on the environment, as the backend decides. A failed check leaves
  // the button enabled: the backend decides (and records a denial).
  const decision = useAsync(
    () =>
      permissionApi
        .authorize({
          permission: airflowEnvironmentWebLoginPermission,
          resourceRef: environment.name,
        })
        .then(
          response => String(response.result) !== 'DENY',
          () => true,
        ),
    [permissionApi, environment.name],
  );
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string>();

  let reason: string | undefined;
  if (decision.value === undefined) {
    reason = 'Checking permissions…';
  } else if (!decision.value) {
    reason = `You may not open ${environment.title}'s Airflow UI signed in`;
  }

  const open = async () => {
    // Opened now, within the click, so that pop-up blockers let it through;
    // sent to the sign-in URL once the backend has answered.
    const tab = window.open('', '_blank');
    if (tab) {
      // The Airflow UI gets no handle on the portal's window.
      tab.opener = null;
    }
    setOpening(true);
    setError(undefined);
    try {
      const { url } = await api.createWebLogin(environment.name);
      if (tab) {
        tab.location.href = url;
      } else {
        window.open(url, '_blank', 'noopener');
      }
    } catch (e) {
      tab?.close();
      setError(
        `Could not open ${environment.title} signed in: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    } finally {
      setOpening(false);
    }
  };

  return (
    <Stack spacing={1} alignItems="flex-start">
      <DisabledReason reason={reason}>
        <Button
          size={size}
          variant="outlined"
          endIcon={<OpenInNewIcon fontSize="inherit" />}
          disabled={reason !== undefined || opening}
          onClick={open}
          aria-label={`Open ${environment.title} in Airflow, signed in`}
        >
          Open in Airflow
        </Button>
      </DisabledReason>
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
