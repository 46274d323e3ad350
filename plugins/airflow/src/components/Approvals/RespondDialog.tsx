import type { AirflowApproval } from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useMemo, useRef, useState } from 'react';
import { airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import {
  ParamsForm,
  type ParamsFormHandle,
} from '../DagActions/ParamsForm/ParamsForm';
import {
  formDataOf,
  paramDefaults,
  type ParamsFormData,
  paramsFormModel,
  paramValuesOf,
} from '../DagActions/ParamsForm/paramsFormModel';
import { newRequestId } from '../DagActions/TriggerDialog/requestId';

/**
 * Answers one approval: its options as radio buttons (or checkboxes when it
 * allows several), its params as the trigger form's. Mount it per opening:
 * the request id is made once, so a retry after an error answers once.
 */
export function RespondDialog(props: {
  approval: AirflowApproval;
  entityRef: string;
  onClose: (answered: boolean) => void;
}) {
  const { approval, entityRef, onClose } = props;
  const api = useApi(airflowApiRef);
  const [requestId] = useState(newRequestId);
  const [chosen, setChosen] = useState<string[]>(approval.defaults ?? []);
  const model = useMemo(
    () => paramsFormModel(approval.params),
    [approval.params],
  );
  const hasParams = model.names.length > 0;
  const [formData, setFormData] = useState<ParamsFormData>(() =>
    formDataOf(model, paramDefaults(approval.params)),
  );
  const paramsForm = useRef<ParamsFormHandle>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();

  const toggle = (option: string, on: boolean) =>
    setChosen(current =>
      on ? [...current, option] : current.filter(o => o !== option),
    );

  const submit = async () => {
    if (hasParams && !paramsForm.current?.validate()) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await api.respondToApproval(
        {
          entityRef,
          environment: approval.environment,
          dagId: approval.dagId,
          runId: approval.runId,
          taskId: approval.taskId,
        },
        {
          requestId,
          mapIndex: approval.mapIndex,
          chosenOptions: chosen,
          paramsInput: hasParams ? paramValuesOf(model, formData) : undefined,
        },
      );
      onClose(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>{approval.subject}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {approval.dagId} · {approval.taskId} · {approval.environment}
        </Typography>
        {approval.body && (
          <Typography variant="body1" sx={{ whiteSpace: 'pre-wrap', mb: 2 }}>
            {approval.body}
          </Typography>
        )}
        {approval.multiple ? (
          <FormGroup aria-label="Options">
            {approval.options.map(option => (
              <FormControlLabel
                key={option}
                label={option}
                control={
                  <Checkbox
                    checked={chosen.includes(option)}
                    onChange={e => toggle(option, e.target.checked)}
                    disabled={submitting}
                  />
                }
              />
            ))}
          </FormGroup>
        ) : (
          <RadioGroup
            aria-label="Options"
            value={chosen[0] ?? ''}
            onChange={e => setChosen([e.target.value])}
          >
            {approval.options.map(option => (
              <FormControlLabel
                key={option}
                value={option}
                label={option}
                control={<Radio disabled={submitting} />}
              />
            ))}
          </RadioGroup>
        )}
        {hasParams && (
          <ParamsForm
            ref={paramsForm}
            model={model}
            formData={formData}
            onChange={setFormData}
            disabled={submitting}
          />
        )}
        {error && (
          <AirflowErrorAlert
            title="The approval could not be answered"
            error={error}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)} disabled={submitting}>
          Cancel
        </Button>
        <Button
          variant="contained"
          onClick={submit}
          disabled={submitting || chosen.length === 0}
        >
          Answer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
