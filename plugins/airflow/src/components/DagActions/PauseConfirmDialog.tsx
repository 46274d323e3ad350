import type { AirflowDag } from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import { ConfirmActions } from './ConfirmActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import {
  EnvironmentInfo,
  environmentLabel,
} from '../EnvironmentStatus/environments';

function consequence(pause: boolean, production: boolean): string {
  if (pause) {
    return production
      ? 'No new runs of this DAG will start in production until someone unpauses it. Downstream data and consumers that depend on it will not be updated.'
      : 'No new runs will be scheduled until it is unpaused; running tasks finish.';
  }
  return production
    ? 'The scheduler starts runs in production right away, including any runs it missed while the DAG was paused (catch-up).'
    : 'The scheduler starts scheduling runs again, possibly catching up missed ones.';
}

/** Confirms a pause or unpause, naming the environment; stronger for production. */
export function PauseConfirmDialog(props: {
  dag: AirflowDag;
  entityRef: string;
  environment: EnvironmentInfo;
  onClose: () => void;
  onChanged: (dag: AirflowDag) => void;
}) {
  const { dag, entityRef, environment, onClose, onChanged } = props;
  const api = useApi(airflowApiRef);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const pause = !dag.isPaused;
  const verb = pause ? 'Pause' : 'Unpause';
  const label = environmentLabel(environment);

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      onChanged(
        await api.setDagPaused(
          { entityRef, environment: dag.environment, dagId: dag.dagId },
          pause,
        ),
      );
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={submitting ? undefined : onClose} maxWidth="sm">
      <DialogTitle>
        {verb} {dag.dagId}
        {environment.production ? ' in PRODUCTION' : ''}?
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {environment.production && (
            <Alert severity="error">{label} is a production environment.</Alert>
          )}
          <DialogContentText>
            {verb} {dag.dagId} in {label}?{' '}
            {consequence(pause, environment.production)}
          </DialogContentText>
          {error && (
            <AirflowErrorAlert
              title={`${verb} failed; ${dag.dagId} is unchanged`}
              error={error}
            />
          )}
        </Stack>
      </DialogContent>
      <ConfirmActions
        onCancel={onClose}
        onConfirm={confirm}
        submitting={submitting}
        color={environment.production ? 'error' : 'primary'}
      >
        {environment.production
          ? `${verb} in production`
          : `${verb} in ${environment.name}`}
      </ConfirmActions>
    </Dialog>
  );
}
