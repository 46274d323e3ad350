import type {
  AirflowDag,
  AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import { ConfirmActions } from '../ConfirmActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import { useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../../api';
import { AirflowErrorAlert } from '../../display/AirflowErrorAlert';
import {
  EnvironmentInfo,
  environmentLabel,
} from '../../EnvironmentStatus/environments';
import { newRequestId } from './requestId';
import { checkConfSize, parseConf } from './confJson';
import { ConfJsonEditor } from './ConfJsonEditor';
import { fromLocalInput } from '../../display/localDateTime';
import { ParamsForm, ParamsFormHandle } from '../ParamsForm/ParamsForm';
import {
  formDataOf,
  paramDefaults,
  ParamsFormData,
  paramsFormModel,
  paramValuesOf,
} from '../ParamsForm/paramsFormModel';

type ConfTab = 'form' | 'json';

/**
 * Starts a run of a DAG: conf from a form generated from the DAG's params (or
 * raw JSON), an optional logical date and a note. Mount it per opening: the
 * request id is made once per mount, so a double click or a retry after an
 * error reuses it and the backend starts no second run.
 */
export function TriggerDialog(props: {
  dag: AirflowDag;
  entityRef: string;
  environment: EnvironmentInfo;
  onClose: () => void;
  onTriggered: (run: AirflowDagRun) => void;
}) {
  const { dag, entityRef, environment, onClose, onTriggered } = props;
  const api = useApi(airflowApiRef);
  const [requestId] = useState(newRequestId);
  const dagRef = useMemo(
    () => ({ entityRef, environment: dag.environment, dagId: dag.dagId }),
    [entityRef, dag.environment, dag.dagId],
  );
  const details = useAsync(() => api.getDagDetails(dagRef), [api, dagRef]);
  const model = useMemo(
    () => paramsFormModel(details.value?.params ?? {}),
    [details.value],
  );
  const hasParams = model.names.length > 0;
  const paramsForm = useRef<ParamsFormHandle>(null);

  const [tab, setTab] = useState<ConfTab>('form');
  const [formData, setFormData] = useState<ParamsFormData>({});
  const [jsonText, setJsonText] = useState('{}');
  const [jsonError, setJsonError] = useState<string>();
  const [logicalDate, setLogicalDate] = useState('');
  const [logicalDateError, setLogicalDateError] = useState<string>();
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const [submitError, setSubmitError] = useState<Error>();
  const [sizeError, setSizeError] = useState<string>();

  useEffect(() => {
    if (details.value) {
      setFormData(formDataOf(model, paramDefaults(details.value.params)));
    }
    if (!details.loading) {
      setTab(hasParams ? 'form' : 'json');
    }
  }, [details.loading, details.value, model, hasParams]);

  const switchTab = (next: ConfTab) => {
    if (next === tab) return;
    if (next === 'json') {
      // Carry what the form holds; empty required params and JSON text that
      // does not parse are left out until fixed.
      setJsonText(JSON.stringify(paramValuesOf(model, formData), null, 2));
      setJsonError(undefined);
    } else {
      const parsed = parseConf(jsonText);
      if (parsed.error !== undefined) {
        setJsonError(parsed.error);
        return;
      }
      setFormData(formDataOf(model, parsed.conf, formData));
    }
    setTab(next);
  };

  const collectConf = (): Record<string, unknown> | undefined => {
    if (tab === 'json') {
      const parsed = parseConf(jsonText);
      setJsonError(parsed.error);
      return parsed.conf;
    }
    return paramsForm.current?.validate()
      ? paramValuesOf(model, formData)
      : undefined;
  };

  const submit = async () => {
    if (inFlight.current) return;
    const conf = collectConf();
    const size = conf && checkConfSize(conf);
    setSizeError(size);
    const iso = logicalDate ? fromLocalInput(logicalDate) : null;
    setLogicalDateError(
      iso === undefined ? 'Enter a date and time, or leave empty' : undefined,
    );
    if (!conf || size || iso === undefined) return;

    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const run = await api.triggerDagRun(dagRef, {
        conf: Object.keys(conf).length ? conf : undefined,
        logicalDate: iso,
        note: note.trim() || undefined,
        requestId,
      });
      onTriggered(run);
    } catch (error) {
      setSubmitError(error as Error);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const label = environmentLabel(environment);
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle>
        Trigger {dag.dagId} in {label}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {environment.production && (
            <Alert severity="warning">
              {label} is a production environment: this starts a real run.
            </Alert>
          )}
          {dag.isPaused && (
            <Alert severity="info">
              The DAG is paused: the run stays queued until it is unpaused.
            </Alert>
          )}
          {details.loading && <Progress />}
          {details.error && (
            <AirflowErrorAlert
              severity="warning"
              title="The DAG's params could not be read; enter conf as JSON"
              error={details.error}
            />
          )}
          {!details.loading && (
            <>
              <Tabs value={tab} onChange={(_, next) => switchTab(next)}>
                {hasParams && <Tab value="form" label="Params" />}
                <Tab value="json" label="JSON" />
              </Tabs>
              {tab === 'form' ? (
                <ParamsForm
                  ref={paramsForm}
                  model={model}
                  formData={formData}
                  onChange={setFormData}
                  disabled={submitting}
                />
              ) : (
                <ConfJsonEditor
                  value={jsonText}
                  error={jsonError}
                  onChange={setJsonText}
                />
              )}
            </>
          )}
          <TextField
            label="Logical date"
            type="datetime-local"
            value={logicalDate}
            onChange={event => setLogicalDate(event.target.value)}
            error={!!logicalDateError}
            helperText={
              logicalDateError ??
              'Optional, in your time zone; empty lets Airflow choose.'
            }
            InputLabelProps={{ shrink: true }}
            size="small"
          />
          <TextField
            label="Note"
            value={note}
            onChange={event => setNote(event.target.value)}
            size="small"
            multiline
          />
          {sizeError && <Alert severity="error">{sizeError}</Alert>}
          {submitError && (
            <AirflowErrorAlert
              title="The run was not started"
              error={submitError}
            />
          )}
        </Stack>
      </DialogContent>
      <ConfirmActions
        onCancel={onClose}
        onConfirm={submit}
        submitting={submitting}
        confirmDisabled={details.loading}
        color={environment.production ? 'warning' : 'primary'}
      >
        {submitting ? 'Triggering…' : 'Trigger'}
      </ConfirmActions>
    </Dialog>
  );
}
