import type {
  AirflowBackfill,
  BackfillAction,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useReducer, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef, type AirflowEntityDagRef } from '../../api';
import { ConfirmActions } from '../DagActions/ConfirmActions';
import { DisabledReason } from '../DagActions/DisabledReason';
import type { ActionDecision } from '../DagActions/useDagActionPermissions';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { statusCodeOf, toAirflowErrorInfo } from '../display/errors';
import { formatDateTime } from '../display/formatting';
import { BackfillDialog } from './BackfillDialog';
import { REPROCESS_LABELS } from './backfillForm';

const PAGE_SIZE = 25;

function stateOf(backfill: AirflowBackfill): string {
  if (backfill.completedAt) return 'completed';
  return backfill.isPaused ? 'paused' : 'running';
}

function ActionButton(props: {
  decision: ActionDecision;
  label: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  const { decision } = props;
  return (
    <DisabledReason reason={decision.allowed ? undefined : decision.reason}>
      <Button
        size="small"
        variant="outlined"
        disabled={!decision.allowed || props.disabled}
        onClick={props.onClick}
      >
        {props.label}
      </Button>
    </DisabledReason>
  );
}

function CancelDialog(props: {
  backfill: AirflowBackfill;
  submitting: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { backfill } = props;
  return (
    <Dialog open onClose={props.submitting ? undefined : props.onCancel}>
      <DialogTitle>Cancel backfill {backfill.id}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Airflow creates no further run of {backfill.dagId} for this backfill;
          runs already started go on.
        </DialogContentText>
      </DialogContent>
      <ConfirmActions
        onCancel={props.onCancel}
        onConfirm={props.onConfirm}
        submitting={props.submitting}
        color="error"
      >
        Cancel backfill
      </ConfirmActions>
    </Dialog>
  );
}

/**
 * The DAG's backfills (Airflow 3), newest first, with "New backfill" and
 * pause, resume and cancel of the unfinished ones. Readers see the controls
 * disabled with the reason; on Airflow 2, which has no backfill API, the
 * backend's "not supported by Airflow 2" replaces the list and the controls.
 */
export function BackfillsPanel(props: {
  dagRef: AirflowEntityDagRef;
  decision: ActionDecision;
  /** Told after each action (an audit record was written). */
  onChanged?: () => void;
}) {
  const { dagRef, decision, onChanged } = props;
  const api = useApi(airflowApiRef);
  const [generation, reload] = useReducer((n: number) => n + 1, 0);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<AirflowBackfill>();
  const [busy, setBusy] = useState<number>();
  const [actionError, setActionError] = useState<Error>();
  const backfills = useAsync(
    () => api.listBackfills(dagRef, { limit: PAGE_SIZE }),
    [api, dagRef, generation],
  );

  const change = async (backfill: AirflowBackfill, action: BackfillAction) => {
    setBusy(backfill.id);
    setActionError(undefined);
    try {
      await api.changeBackfill(dagRef, backfill.id, action);
      setCancelling(undefined);
      reload();
      onChanged?.();
    } catch (e) {
      setActionError(e as Error);
      setCancelling(undefined);
    } finally {
      setBusy(undefined);
    }
  };

  if (backfills.loading && !backfills.value) {
    return <Progress />;
  }
  if (backfills.error) {
    return statusCodeOf(backfills.error) === 501 ? (
      <Alert severity="info">
        {toAirflowErrorInfo(backfills.error).message}
      </Alert>
    ) : (
      <AirflowErrorAlert
        title="The backfills of this DAG could not be read"
        error={backfills.error}
      />
    );
  }
  const items = backfills.value?.items ?? [];

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2" color="text.secondary" flexGrow={1}>
          {backfills.value?.totalEntries
            ? `${backfills.value.totalEntries} backfills`
            : 'No backfill of this DAG yet.'}
        </Typography>
        <DisabledReason reason={decision.allowed ? undefined : decision.reason}>
          <Button
            variant="contained"
            disabled={!decision.allowed}
            onClick={() => setCreating(true)}
          >
            New backfill
          </Button>
        </DisabledReason>
      </Stack>
      {actionError && (
        <AirflowErrorAlert
          title="The backfill could not be changed"
          error={actionError}
        />
      )}
      {items.length > 0 && (
        <Table size="small" aria-label="Backfills">
          <TableHead>
            <TableRow>
              <TableCell>Id</TableCell>
              <TableCell>From</TableCell>
              <TableCell>To</TableCell>
              <TableCell>Reprocess</TableCell>
              <TableCell align="right">Max active runs</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Created</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(backfill => {
              const finished = backfill.completedAt !== undefined;
              return (
                <TableRow key={backfill.id}>
                  <TableCell>{backfill.id}</TableCell>
                  <TableCell>{formatDateTime(backfill.fromDate)}</TableCell>
                  <TableCell>{formatDateTime(backfill.toDate)}</TableCell>
                  <TableCell>
                    {REPROCESS_LABELS[backfill.reprocessBehavior] ??
                      backfill.reprocessBehavior}
                  </TableCell>
                  <TableCell align="right">{backfill.maxActiveRuns}</TableCell>
                  <TableCell>{stateOf(backfill)}</TableCell>
                  <TableCell>{formatDateTime(backfill.createdAt)}</TableCell>
                  <TableCell align="right">
                    {!finished && (
                      <Stack
                        direction="row"
                        spacing={0.5}
                        justifyContent="flex-end"
                        aria-label={`Actions of backfill ${backfill.id}`}
                      >
                        <ActionButton
                          decision={decision}
                          label={backfill.isPaused ? 'Resume' : 'Pause'}
                          disabled={busy !== undefined}
                          onClick={() =>
                            change(
                              backfill,
                              backfill.isPaused ? 'unpause' : 'pause',
                            )
                          }
                        />
                        <ActionButton
                          decision={decision}
                          label="Cancel"
                          disabled={busy !== undefined}
                          onClick={() => setCancelling(backfill)}
                        />
                      </Stack>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {creating && (
        <BackfillDialog
          dagRef={dagRef}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            reload();
            onChanged?.();
          }}
        />
      )}
      {cancelling && (
        <CancelDialog
          backfill={cancelling}
          submitting={busy !== undefined}
          onCancel={() => setCancelling(undefined)}
          onConfirm={() => change(cancelling, 'cancel')}
        />
      )}
    </Stack>
  );
}
