import type {
  AirflowDagRun,
  AirflowMarkTaskState,
  AirflowRunActionResult,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { AirflowEntityDagRef, airflowApiRef } from '../../../api';
import { RunActionDialog } from './RunActionDialog';

interface DialogProps {
  dagRef: AirflowEntityDagRef;
  run: AirflowDagRun;
  onClose: () => void;
  onDone: (result: AirflowRunActionResult) => void;
}

function Option(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <FormControlLabel
      control={
        <Checkbox
          checked={props.checked}
          onChange={event => props.onChange(event.target.checked)}
        />
      }
      label={props.label}
    />
  );
}

/**
 * Clear a run ("Retry failed": only its failed task instances) or one task
 * instance with its relatives, after Airflow's dry run lists what will run
 * again.
 */
export function ClearDialog(
  props: DialogProps & { task?: AirflowTaskInstance; onlyFailed?: boolean },
) {
  const { dagRef, run, task } = props;
  const api = useApi(airflowApiRef);
  const [onlyFailed, setOnlyFailed] = useState(props.onlyFailed ?? !task);
  const [includeUpstream, setUpstream] = useState(false);
  const [includeDownstream, setDownstream] = useState(!!task);
  const runRef = { ...dagRef, runId: run.runId };
  const request = {
    ...(task
      ? { taskIds: [task.taskId], includeUpstream, includeDownstream }
      : {}),
    onlyFailed,
  };
  return (
    <RunActionDialog
      title={task ? `Clear ${task.taskId}` : `Clear run ${run.runId}`}
      description={
        task
          ? `Airflow runs ${task.taskId} of ${run.runId} again${
              includeDownstream ? ', and the tasks after it' : ''
            }.`
          : `Airflow runs the ${onlyFailed ? 'failed ' : ''}task instances of ${
              run.runId
            } again; the run is queued.`
      }
      previewLabel="Task instances that will run again"
      preview={() => api.previewClearTaskInstances(runRef, request)}
      previewKey={JSON.stringify(request)}
      confirm={requestId =>
        api.clearTaskInstances(runRef, { ...request, requestId })
      }
      confirmLabel={onlyFailed && !task ? 'Retry failed' : 'Clear'}
      color="warning"
      onClose={props.onClose}
      onDone={props.onDone}
    >
      <FormGroup row>
        <Option
          label="Only failed"
          checked={onlyFailed}
          onChange={setOnlyFailed}
        />
        {task && (
          <>
            <Option
              label="Upstream"
              checked={includeUpstream}
              onChange={setUpstream}
            />
            <Option
              label="Downstream"
              checked={includeDownstream}
              onChange={setDownstream}
            />
          </>
        )}
      </FormGroup>
    </RunActionDialog>
  );
}

/** Mark a run, or one task instance, success or failed (a task also skipped), after a preview. */
export function MarkDialog(
  props: DialogProps & {
    task?: AirflowTaskInstance;
    state: AirflowMarkTaskState;
  },
) {
  const { dagRef, run, task, state } = props;
  const api = useApi(airflowApiRef);
  const [includeUpstream, setUpstream] = useState(false);
  const [includeDownstream, setDownstream] = useState(false);
  const runRef = { ...dagRef, runId: run.runId };
  if (!task) {
    const runState = state === 'skipped' ? 'failed' : state;
    return (
      <RunActionDialog
        title={`Mark run ${run.runId} ${runState}`}
        description={`The run becomes ${runState}; its unfinished task instances end ${
          runState === 'success' ? 'in success' : 'failed or skipped'
        }.`}
        previewLabel="Unfinished task instances"
        preview={() => api.previewMarkDagRun(runRef, { state: runState })}
        previewKey={runState}
        allowEmpty
        confirm={requestId =>
          api.markDagRun(runRef, { state: runState, requestId })
        }
        confirmLabel={`Mark ${runState}`}
        color={runState === 'failed' ? 'error' : 'primary'}
        onClose={props.onClose}
        onDone={props.onDone}
      />
    );
  }
  const taskRef = { ...runRef, taskId: task.taskId };
  const request = {
    state,
    ...(task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
    includeUpstream,
    includeDownstream,
  };
  return (
    <RunActionDialog
      title={`Mark ${task.taskId} ${state}`}
      description={`${task.taskId} of ${run.runId} becomes ${state}.`}
      previewLabel="Task instances that change"
      preview={() => api.previewMarkTaskInstance(taskRef, request)}
      previewKey={JSON.stringify(request)}
      confirm={requestId =>
        api.markTaskInstance(taskRef, { ...request, requestId })
      }
      confirmLabel={`Mark ${state}`}
      color={state === 'failed' ? 'error' : 'primary'}
      onClose={props.onClose}
      onDone={props.onDone}
    >
      <FormGroup row>
        <Option
          label="Upstream"
          checked={includeUpstream}
          onChange={setUpstream}
        />
        <Option
          label="Downstream"
          checked={includeDownstream}
          onChange={setDownstream}
        />
      </FormGroup>
    </RunActionDialog>
  );
}

/** Edit the note of a run or of a task instance. */
export function NoteDialog(
  props: DialogProps & { task?: AirflowTaskInstance },
) {
  const { dagRef, run, task } = props;
  const api = useApi(airflowApiRef);
  const [note, setNote] = useState((task ? task.note : run.note) ?? '');
  const runRef = { ...dagRef, runId: run.runId };
  return (
    <RunActionDialog
      title={task ? `Note of ${task.taskId}` : `Note of run ${run.runId}`}
      description="Shown in Airflow and here to everyone who sees this run."
      confirm={requestId =>
        task
          ? api.setTaskInstanceNote(
              { ...runRef, taskId: task.taskId },
              {
                note,
                requestId,
                ...(task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
              },
            )
          : api.setDagRunNote(runRef, { note, requestId })
      }
      confirmLabel="Save note"
      confirmDisabled={note.length > 1000}
      onClose={props.onClose}
      onDone={props.onDone}
    >
      <TextField
        label="Note"
        multiline
        minRows={3}
        value={note}
        onChange={event => setNote(event.target.value)}
        helperText={`${note.length}/1000`}
        error={note.length > 1000}
      />
    </RunActionDialog>
  );
}
