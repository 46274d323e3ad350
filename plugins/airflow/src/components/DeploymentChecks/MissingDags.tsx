import type {
  AirflowMissingDag,
  EnvironmentDags,
} from '@airflow-portal/plugin-airflow-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { formatDateTime } from '../display/formatting';

function ImportErrors(props: { missing: AirflowMissingDag }) {
  const { missing } = props;
  if (missing.importErrorsHidden) {
    return (
      <Typography variant="body2" color="text.secondary">
        Airflow reports import errors that may explain it; reading them needs
        the permission to read this DAG&apos;s logs or every import error of the
        environment.
      </Typography>
    );
  }
  if (missing.importErrors.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        Airflow reports no import error for a file of this name: the DAG may not
        be deployed, or its id may be misspelled.
      </Typography>
    );
  }
  return (
    <Stack spacing={1}>
      {missing.importErrors.map(error => (
        <Accordion key={error.id} disableGutters>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
              Import error in <code>{error.filename}</code>
              {error.timestamp && ` · ${formatDateTime(error.timestamp)}`}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box
              component="pre"
              sx={{ m: 0, whiteSpace: 'pre-wrap', fontSize: '0.8rem' }}
            >
              {error.stackTrace}
            </Box>
          </AccordionDetails>
        </Accordion>
      ))}
    </Stack>
  );
}

/**
 * Deployment checks of an entity: the DAG ids it binds (by id) that
 * Airflow does not list, each marked missing with the import errors that
 * may explain it.
 */
export function MissingDags(props: {
  environments: EnvironmentDags[];
  environmentTitles: Record<string, string>;
}) {
  const missing = props.environments.flatMap(env => env.missingDags ?? []);
  if (missing.length === 0) {
    return null;
  }
  return (
    <Alert severity="warning" aria-label="Missing DAGs">
      <AlertTitle>
        {missing.length === 1
          ? 'A bound DAG is missing in Airflow'
          : `${missing.length} bound DAGs are missing in Airflow`}
      </AlertTitle>
      <Stack spacing={2}>
        {missing.map(item => (
          <Stack key={`${item.environment}:${item.dagId}`} spacing={1}>
            <Stack direction="row" spacing={1} alignItems="center">
              <Chip size="small" color="warning" label="missing" />
              <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
                <strong>{item.dagId}</strong> in{' '}
                {props.environmentTitles[item.environment] ?? item.environment}
              </Typography>
            </Stack>
            <ImportErrors missing={item} />
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
