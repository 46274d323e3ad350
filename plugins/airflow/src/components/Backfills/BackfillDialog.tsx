import type {
  AirflowBackfill,
  BackfillReprocessBehavior,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef, type AirflowEntityDagRef } from '../../api';
import { ConfirmActions } from '../DagActions/ConfirmActions';
import { newRequestId } from '../DagActions/TriggerDialog/requestId';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { formatDateTime } from '../display/formatting';
import {
  backfillSpecOf,
  type BackfillFormValues,
  initialBackfillForm,
  REPROCESS_LABELS,
} from './backfillForm';

/** Runs listed in the preview at most; the count says how many there are. */
const PREVIEW_SHOWN = 50;

/**
 * A backfill of the DAG: the range and its options, then Airflow's dry run
 * of the runs it would create (read again whenever an option changes), and
 * only then "Create". Each spec gets one request id for the dialog's life,
 * so a retried creation answers the backfill already made.
 */
export function BackfillDialog(props: {
  dagRef: AirflowEntityDagRef;
  onClose: () => void;
  onCreated: (backfill: AirflowBackfill) => void;
}) {
  const { dagRef, onClose, onCreated } = props;
  const api = useApi(airflowApiRef);
  const [values, setValues] = useState<BackfillFormValues>(initialBackfillForm);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const requestIds = useRef(new Map<string, string>());

  const parsed = backfillSpecOf(values);
  const spec = 'spec' in parsed ? parsed.spec : undefined;
  const specKey = spec ? JSON.stringify(spec) : '';
  const preview = useAsync(
    async () => (spec ? api.previewBackfill(dagRef, spec) : undefined),
    [api, dagRef, specKey],
  );
  const runs = preview.value?.runs ?? [];
  const ready =
    spec !== undefined &&
    !preview.loading &&
    !preview.error &&
    (preview.value?.totalEntries ?? 0) > 0;

  const set = (change: Partial<BackfillFormValues>) =>
    setValues(current => ({ ...current, ...change }));

  const create = async () => {
    if (!spec) return;
    let requestId = requestIds.current.get(specKey);
    if (!requestId) {
      requestId = newRequestId();
      requestIds.current.set(specKey, requestId);
    }
    setSubmitting(true);
    setError(undefined);
    try {
      onCreated(await api.createBackfill(dagRef, { ...spec, requestId }));
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>Backfill {dagRef.dagId}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <DialogContentText>
            Airflow creates one run per schedule interval of the range in{' '}
            {dagRef.environment}. Days are UTC.
          </DialogContentText>
          <Stack direction="row" spacing={2}>
            <TextField
              label="From (UTC)"
              type="date"
              value={values.fromDay}
              onChange={e => set({ fromDay: e.target.value })}
              InputLabelProps={{ shrink: true }}
              disabled={submitting}
              fullWidth
            />
            <TextField
              label="To (UTC)"
              type="date"
              value={values.toDay}
              onChange={e => set({ toDay: e.target.value })}
              InputLabelProps={{ shrink: true }}
              disabled={submitting}
              fullWidth
            />
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField
              select
              label="Reprocess"
              value={values.reprocessBehavior}
              onChange={e =>
                set({
                  reprocessBehavior: e.target
                    .value as BackfillReprocessBehavior,
                })
              }
              disabled={submitting}
              fullWidth
            >
              {Object.entries(REPROCESS_LABELS).map(([value, label]) => (
                <MenuItem key={value} value={value}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label="Max active runs"
              type="number"
              value={values.maxActiveRuns}
              onChange={e => set({ maxActiveRuns: e.target.value })}
              inputProps={{ min: 1, max: 1000 }}
              disabled={submitting}
              fullWidth
            />
          </Stack>
          <FormControlLabel
            label="Run backwards (newest first)"
            control={
              <Checkbox
                checked={values.runBackwards}
                onChange={e => set({ runBackwards: e.target.checked })}
                disabled={submitting}
              />
            }
          />
          {'problem' in parsed && (
            <Alert severity="info">{parsed.problem}</Alert>
          )}
          {spec && preview.loading && <Progress />}
          {preview.error && (
            <AirflowErrorAlert
              title="The preview could not be read"
              error={preview.error}
            />
          )}
          {spec && preview.value && (
            <div>
              <DialogContentText>
                Runs this backfill will create: {preview.value.totalEntries}
              </DialogContentText>
              <List dense aria-label="Runs this backfill will create">
                {runs.slice(0, PREVIEW_SHOWN).map((run, i) => (
                  <ListItem key={run.logicalDate ?? `run-${i}`}>
                    <ListItemText
                      primary={
                        run.logicalDate
                          ? formatDateTime(run.logicalDate)
                          : 'a run without a logical date'
                      }
                      secondary={run.logicalDate ?? undefined}
                    />
                  </ListItem>
                ))}
              </List>
              {runs.length > PREVIEW_SHOWN && (
                <DialogContentText variant="body2">
                  …and {runs.length - PREVIEW_SHOWN} more.
                </DialogContentText>
              )}
            </div>
          )}
          {error && (
            <AirflowErrorAlert
              title="The backfill could not be created"
              error={error}
            />
          )}
        </Stack>
      </DialogContent>
      <ConfirmActions
        onCancel={onClose}
        onConfirm={create}
        submitting={submitting}
        confirmDisabled={!ready}
        color="primary"
      >
        Create backfill
      </ConfirmActions>
    </Dialog>
  );
}
