import type { AirflowDag } from '@airflow-portal/plugin-airflow-common';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { DisabledReason } from './DisabledReason';
import type { ActionDecision } from './useDagActionPermissions';

/**
 * The paused switch, on when the DAG is active, as in the Airflow UI. It never
 * acts by itself: `onRequest` opens the confirmation that names the environment.
 */
export function PauseToggle(props: {
  dag: AirflowDag;
  decision: ActionDecision;
  onRequest: () => void;
}) {
  const { dag, decision, onRequest } = props;
  const verb = dag.isPaused ? 'Unpause' : 'Pause';
  return (
    <DisabledReason reason={decision.allowed ? undefined : decision.reason}>
      <FormControlLabel
        sx={{ m: 0, whiteSpace: 'nowrap' }}
        control={
          <Switch
            size="small"
            checked={!dag.isPaused}
            disabled={!decision.allowed}
            onChange={onRequest}
            inputProps={{ 'aria-label': `${verb} ${dag.dagId}` }}
          />
        }
        label={
          <Typography variant="caption" color="text.secondary">
            {dag.isPaused ? 'paused' : 'active'}
          </Typography>
        }
      />
    </DisabledReason>
  );
}
