import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TablePagination from '@mui/material/TablePagination';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import { formatDateTime } from '../display/formatting';

const PAGE_SIZE = 10;

/**
 * The DAG files an environment fails to import, with Airflow's stack trace:
 * all of them, or (`scope: readable`) those of files whose DAGs the user may
 * read, as the backend decides.
 */
export function ImportErrorsDialog(props: {
  environment: AirflowEnvironmentStatus;
  onClose: () => void;
}) {
  const { environment, onClose } = props;
  const api = useApi(airflowApiRef);
  const [page, setPage] = useState(0);
  const errors = useAsync(
    () =>
      api.listImportErrors(environment.name, {
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      }),
    [api, environment.name, page],
  );

  let body;
  if (errors.loading) {
    body = <Progress />;
  } else if (errors.error) {
    body = (
      <AirflowErrorAlert
        title="Import errors could not be read"
        error={errors.error}
      />
    );
  } else {
    body = (
      <Stack spacing={2}>
        {errors.value!.scope === 'readable' && (
          <Typography variant="body2" color="text.secondary">
            Only the import errors of files whose DAGs you may read are shown.
          </Typography>
        )}
        {errors.value!.items.map(item => (
          <Box key={item.id}>
            <Typography variant="subtitle2" sx={{ wordBreak: 'break-all' }}>
              {item.filename}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {formatDateTime(item.timestamp)}
              {item.bundleName && ` · bundle ${item.bundleName}`}
            </Typography>
            <Box
              component="pre"
              sx={{
                fontFamily: 'monospace',
                fontSize: '0.75rem',
                whiteSpace: 'pre-wrap',
                bgcolor: 'action.hover',
                p: 1,
                m: 0,
                maxHeight: 240,
                overflow: 'auto',
              }}
            >
              {item.stackTrace}
            </Box>
          </Box>
        ))}
        {errors.value!.items.length === 0 && (
          <Typography variant="body2">No import errors any more.</Typography>
        )}
      </Stack>
    );
  }

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>Import errors of {environment.title}</DialogTitle>
      <DialogContent>{body}</DialogContent>
      <DialogActions>
        {errors.value && errors.value.totalEntries > PAGE_SIZE && (
          <TablePagination
            component="div"
            count={errors.value.totalEntries}
            page={page}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
            onPageChange={(_, next) => setPage(next)}
          />
        )}
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
