import type {
  AirflowRunActionPreview,
  AirflowRunActionResult,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import { useState, type ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { AirflowErrorAlert } from '../../display/AirflowErrorAlert';
import { ConfirmActions } from '../ConfirmActions';
import { newRequestId } from '../TriggerDialog/requestId';

/**
 * Preview, then confirm: what the action would do (Airflow's dry run, read
 * again whenever `previewKey` changes with the options), then the action
 * itself with one request id for the dialog's life, so that a retried
 * confirmation does nothing twice.
 */
export function RunActionDialog(props: {
  title: string;
  description: ReactNode;
  /** What the preview lists, e.g. "Task instances that will run again". */
  previewLabel?: string;
  /** Absent: nothing to preview (a note). */
  preview?: () => Promise<AirflowRunActionPreview>;
  /** Changes when the options change: the preview is read again. */
  previewKey?: string;
  confirm: (requestId: string) => Promise<AirflowRunActionResult>;
  confirmLabel: string;
  color?: 'primary' | 'warning' | 'error';
  /** Options of the action, shown above the preview. */
  children?: ReactNode;
  /** Further reasons the action cannot be confirmed yet. */
  confirmDisabled?: boolean;
  /** The action means something even when the preview lists nothing (a run's state). */
  allowEmpty?: boolean;
  onClose: () => void;
  onDone: (result: AirflowRunActionResult) => void;
}) {
  const { preview, onClose, onDone } = props;
  const [requestId] = useState(newRequestId);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const previewed = useAsync(
    async () => (preview ? preview() : undefined),
    [props.previewKey],
  );
  const affected = previewed.value?.taskInstances;
  const nothingToDo =
    preview !== undefined && !props.allowEmpty && affected?.length === 0;

  const confirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      onDone(await props.confirm(requestId));
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
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText component="div">
            {props.description}
          </DialogContentText>
          {props.children}
          {preview && previewed.loading && <Progress />}
          {previewed.error && (
            <AirflowErrorAlert
              title="The preview could not be read"
              error={previewed.error}
            />
          )}
          {affected && (
            <div>
              <DialogContentText>
                {props.previewLabel ?? 'Task instances affected'}:{' '}
                {affected.length}
              </DialogContentText>
              <List
                dense
                aria-label={props.previewLabel ?? 'Task instances affected'}
              >
                {affected.map(ti => (
                  <ListItem key={`${ti.taskId}:${ti.mapIndex ?? -1}`}>
                    <ListItemText
                      primary={
                        ti.mapIndex !== undefined && ti.mapIndex >= 0
                          ? `${ti.taskId} [${ti.mapIndex}]`
                          : ti.taskId
                      }
                      secondary={
                        ti.state === undefined
                          ? undefined
                          : ti.state ?? 'no state'
                      }
                    />
                  </ListItem>
                ))}
              </List>
            </div>
          )}
          {error && (
            <AirflowErrorAlert
              title={`${props.confirmLabel} failed`}
              error={error}
            />
          )}
        </Stack>
      </DialogContent>
      <ConfirmActions
        onCancel={onClose}
        onConfirm={confirm}
        submitting={submitting}
        confirmDisabled={
          props.confirmDisabled ||
          (preview !== undefined && (previewed.loading || !!previewed.error)) ||
          nothingToDo
        }
        color={props.color ?? 'primary'}
      >
        {props.confirmLabel}
      </ConfirmActions>
    </Dialog>
  );
}
