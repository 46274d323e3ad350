import { useApi } from '@backstage/core-plugin-api';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { AirflowEntityDagRef, airflowApiRef } from '../../api';
import { formatDateTime } from '../display/formatting';

/**
 * The DAG's current version and when it last changed (Airflow 3). Nothing
 * on Airflow 2, which does not version DAGs, nor when the versions cannot
 * be read: it is a detail of the header, not worth an error.
 */
export function DagVersionSummary(props: { dagRef: AirflowEntityDagRef }) {
  const { dagRef } = props;
  const api = useApi(airflowApiRef);
  const versions = useAsync(
    () => api.listDagVersions(dagRef, { limit: 1 }),
    [api, dagRef],
  );
  const latest = versions.value?.supported
    ? versions.value.items[0]
    : undefined;
  if (!latest) {
    return null;
  }
  return (
    <Typography variant="body2" color="text.secondary" aria-label="DAG version">
      Version {latest.versionNumber}
      {versions.value && versions.value.totalEntries > 1
        ? ` of ${versions.value.totalEntries}`
        : ''}
      {latest.createdAt &&
        ` · last changed ${formatDateTime(latest.createdAt)}`}
      {latest.bundleVersion && ` · bundle ${latest.bundleVersion}`}
    </Typography>
  );
}
