import type { AirflowDagRun } from '@airflow-portal/plugin-airflow-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { formatDateTime } from './formatting';

/** Colours close to the Airflow UI's, so the marks read the same in both places. */
const stateColor: Record<AirflowDagRun['state'], string> = {
  success: 'success.main',
  failed: 'error.main',
  running: 'info.main',
  queued: 'grey.500',
};

function RunTooltip(props: { run: AirflowDagRun }) {
  const { run } = props;
  return (
    <>
      <Typography variant="caption" component="div" fontWeight="bold">
        {run.state}
      </Typography>
      <Typography variant="caption" component="div">
        {run.runId}
      </Typography>
      <Typography variant="caption" component="div">
        Start: {formatDateTime(run.startDate)}
      </Typography>
      <Typography variant="caption" component="div">
        End: {formatDateTime(run.endDate)}
      </Typography>
    </>
  );
}

/** One run as a small coloured square; links to the run in Airflow when it can. */
export function RunStateMark(props: { run: AirflowDagRun }) {
  const { run } = props;
  const mark = {
    'aria-label': `${run.state} run ${run.runId}`,
    'data-state': run.state,
    sx: {
      display: 'inline-block',
      width: 12,
      height: 12,
      borderRadius: '2px',
      bgcolor: stateColor[run.state] ?? 'grey.400',
    },
  };
  return (
    <Tooltip title={<RunTooltip run={run} />}>
      {run.uiUrl ? (
        <Box
          component="a"
          href={run.uiUrl}
          target="_blank"
          rel="noopener"
          {...mark}
        />
      ) : (
        <Box component="span" role="img" {...mark} />
      )}
    </Tooltip>
  );
}

/** The latest runs, oldest left and newest right, as in the Airflow grid view. */
export function LatestRunMarks(props: { runs: AirflowDagRun[] }) {
  if (props.runs.length === 0) {
    return (
      <Typography variant="caption" color="text.secondary">
        no runs
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} alignItems="center">
      {[...props.runs].reverse().map(run => (
        <RunStateMark key={run.runId} run={run} />
      ))}
    </Stack>
  );
}
