import type {
  AirflowDagRun,
  AirflowMarkTaskState,
  AirflowRunActionResult,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { AirflowEntityDagRef } from '../../../api';
import { DisabledReason } from '../DisabledReason';
import type { ActionDecision } from '../useDagActionPermissions';
import { ClearDialog, MarkDialog, NoteDialog } from './RunActionDialogs';

/** What the user may do to runs and task instances of one DAG. */
export interface RunActionDecisions {
  clear: ActionDecision;
  mark: ActionDecision;
  note: ActionDecision;
}

type OpenDialog =
  | { kind: 'clear'; onlyFailed: boolean }
  | { kind: 'mark'; state: AirflowMarkTaskState }
  | { kind: 'note' };

function ActionButton(props: {
  decision: ActionDecision;
  label: string;
  onClick: () => void;
}) {
  const { decision } = props;
  return (
    <DisabledReason reason={decision.allowed ? undefined : decision.reason}>
      <Button
        size="small"
        variant="outlined"
        disabled={!decision.allowed}
        onClick={props.onClick}
      >
        {props.label}
      </Button>
    </DisabledReason>
  );
}

function Dialogs(props: {
  open?: OpenDialog;
  dagRef: AirflowEntityDagRef;
  run: AirflowDagRun;
  task?: AirflowTaskInstance;
  onClose: () => void;
  onDone: (result: AirflowRunActionResult) => void;
}) {
  const { open, ...common } = props;
  if (open?.kind === 'clear') {
    return <ClearDialog {...common} onlyFailed={open.onlyFailed} />;
  }
  if (open?.kind === 'mark') {
    return <MarkDialog {...common} state={open.state} />;
  }
  if (open?.kind === 'note') {
    return <NoteDialog {...common} />;
  }
  return null;
}

/**
 * Retry failed, clear, mark and note of the run the drawer shows. Readers
 * see every control disabled with the reason, as trigger and pause.
 */
export function RunActionsBar(props: {
  dagRef: AirflowEntityDagRef;
  run: AirflowDagRun;
  decisions: RunActionDecisions;
  onDone: (result: AirflowRunActionResult) => void;
}) {
  const { run, decisions } = props;
  const [open, setOpen] = useState<OpenDialog>();
  return (
    <Stack direction="row" spacing={1} aria-label="Run actions" role="toolbar">
      {run.state === 'failed' && (
        <ActionButton
          decision={decisions.clear}
          label="Retry failed"
          onClick={() => setOpen({ kind: 'clear', onlyFailed: true })}
        />
      )}
      <ActionButton
        decision={decisions.clear}
        label="Clear run"
        onClick={() => setOpen({ kind: 'clear', onlyFailed: false })}
      />
      {run.state !== 'success' && (
        <ActionButton
          decision={decisions.mark}
          label="Mark success"
          onClick={() => setOpen({ kind: 'mark', state: 'success' })}
        />
      )}
      {run.state !== 'failed' && (
        <ActionButton
          decision={decisions.mark}
          label="Mark failed"
          onClick={() => setOpen({ kind: 'mark', state: 'failed' })}
        />
      )}
      <ActionButton
        decision={decisions.note}
        label="Note"
        onClick={() => setOpen({ kind: 'note' })}
      />
      <Dialogs
        open={open}
        dagRef={props.dagRef}
        run={run}
        onClose={() => setOpen(undefined)}
        onDone={result => {
          setOpen(undefined);
          props.onDone(result);
        }}
      />
    </Stack>
  );
}

/** Clear, mark and note of one task instance, for its row. */
export function TaskInstanceActions(props: {
  dagRef: AirflowEntityDagRef;
  run: AirflowDagRun;
  task: AirflowTaskInstance;
  decisions: RunActionDecisions;
  onDone: (result: AirflowRunActionResult) => void;
}) {
  const { task, decisions } = props;
  const [open, setOpen] = useState<OpenDialog>();
  const label = task.taskId;
  return (
    <Stack direction="row" spacing={0.5} aria-label={`Actions of ${label}`}>
      <ActionButton
        decision={decisions.clear}
        label="Clear"
        onClick={() => setOpen({ kind: 'clear', onlyFailed: false })}
      />
      {task.state !== 'success' && (
        <ActionButton
          decision={decisions.mark}
          label="Mark success"
          onClick={() => setOpen({ kind: 'mark', state: 'success' })}
        />
      )}
      {task.state !== 'failed' && (
        <ActionButton
          decision={decisions.mark}
          label="Mark failed"
          onClick={() => setOpen({ kind: 'mark', state: 'failed' })}
        />
      )}
      <ActionButton
        decision={decisions.note}
        label="Note"
        onClick={() => setOpen({ kind: 'note' })}
      />
      <Dialogs
        open={open}
        dagRef={props.dagRef}
        run={props.run}
        task={task}
        onClose={() => setOpen(undefined)}
        onDone={result => {
          setOpen(undefined);
          props.onDone(result);
        }}
      />
    </Stack>
  );
}
