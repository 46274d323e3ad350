import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import { formatDateTime, formatRelative } from '../display/formatting';

/** Name (opens the detail), id when the display name differs, description and warnings. */
export function DagNameCell(props: {
  dag: AirflowDagWithRuns;
  onOpen: () => void;
}) {
  const { dag, onOpen } = props;
  return (
    <Box>
      <MuiLink
        component="button"
        variant="body2"
        fontWeight="bold"
        textAlign="left"
        onClick={onOpen}
        aria-label={`Details of ${dag.dagId}`}
      >
        {dag.displayName}
      </MuiLink>
      {dag.displayName !== dag.dagId && (
        <Typography variant="caption" color="text.secondary" component="div">
          {dag.dagId}
        </Typography>
      )}
      {dag.description && (
        <Typography variant="caption" color="text.secondary" component="div">
          {dag.description}
        </Typography>
      )}
      {(dag.hasImportErrors || !dag.isActive) && (
        <Stack direction="row" spacing={0.5} mt={0.5}>
          {dag.hasImportErrors && (
            <Chip size="small" color="error" label="import errors" />
          )}
          {!dag.isActive && (
            <Chip size="small" color="warning" label="file missing" />
          )}
        </Stack>
      )}
    </Box>
  );
}

export function TagsCell(props: { tags: string[] }) {
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {props.tags.map(tag => (
        <Chip key={tag} size="small" variant="outlined" label={tag} />
      ))}
    </Stack>
  );
}

/** Owners that resolve to a catalog user or group link there; others stay text. */
export function OwnersCell(props: {
  owners: string[];
  ownerRefs: Record<string, string>;
}) {
  const { owners, ownerRefs } = props;
  if (owners.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {owners.map((owner, index) => (
        <Fragment key={owner}>
          {index > 0 && ', '}
          {ownerRefs[owner] ? (
            <EntityRefLink entityRef={ownerRefs[owner]} hideIcon>
              {owner}
            </EntityRefLink>
          ) : (
            owner
          )}
        </Fragment>
      ))}
    </>
  );
}

export function TimetableCell(props: { dag: AirflowDagWithRuns }) {
  const { schedule, scheduleDescription } = props.dag;
  return (
    <Tooltip title={scheduleDescription ?? ''}>
      <span>{schedule || '—'}</span>
    </Tooltip>
  );
}

export function NextRunCell(props: { nextRun?: string }) {
  if (!props.nextRun) {
    return <>—</>;
  }
  return (
    <Tooltip title={formatDateTime(props.nextRun)}>
      <span>{formatRelative(props.nextRun)}</span>
    </Tooltip>
  );
}
