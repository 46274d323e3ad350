import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { ResponseError } from '@backstage/errors';
import { useState, type ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { AirflowAuditQuery, airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';
import {
  AuditFilterKey,
  AuditFilters,
  AuditFilterValues,
  auditQueryOf,
  emptyAuditFilters,
} from './AuditFilters';
import { AuditTable } from './AuditTable';

/** Typing in a filter asks the backend once the user pauses. */
const FILTER_DEBOUNCE_MS = 400;

/** The backend refused the caller every audit record (403). */
const isForbidden = (error: unknown) =>
  error instanceof ResponseError && error.statusCode === 403;

/**
 * Audit records with the filters of the audit API and cursor paging (newer /
 * older). `fixed` filters (e.g. the entity of an entity card) are always sent
 * and their inputs hidden. Which records a user reads is the backend's
 * decision (a policy may allow only some): the view shows what it answers,
 * and `forbidden` in place of everything (`wrap` included) when it refuses
 * them all.
 */
export function AuditView(props: {
  fixed?: Partial<Record<AuditFilterKey, string>>;
  pageSize?: number;
  forbidden?: ReactNode;
  wrap?: (view: ReactNode) => ReactNode;
}) {
  const {
    fixed = {},
    pageSize: initialPageSize = 25,
    forbidden,
    wrap = view => view,
  } = props;
  const api = useApi(airflowApiRef);
  const [values, setValues] = useState<AuditFilterValues>({
    ...emptyAuditFilters,
    ...fixed,
  });
  const [query, setQuery] = useState<AirflowAuditQuery>(() =>
    auditQueryOf(values),
  );
  // Cursors of the pages before the current one; [] is the newest page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([]);
  const [cursor, setCursor] = useState<string>();
  const [pageSize, setPageSize] = useState(initialPageSize);

  useDebounce(
    () => {
      const next = auditQueryOf(values);
      if (JSON.stringify(next) !== JSON.stringify(query)) {
        setQuery(next);
        setCursors([]);
        setCursor(undefined);
      }
    },
    FILTER_DEBOUNCE_MS,
    [values],
  );

  const page = useAsync(
    () => api.listAuditRecords({ ...query, cursor, limit: pageSize }),
    [api, query, cursor, pageSize],
  );

  if (forbidden !== undefined && isForbidden(page.error)) {
    return <>{forbidden}</>;
  }

  let body;
  if (page.loading && !page.value) {
    body = <Progress />;
  } else if (page.error) {
    body = (
      <AirflowErrorAlert
        title="Audit records could not be read"
        error={page.error}
      />
    );
  } else {
    body = <AuditTable records={page.value?.items ?? []} />;
  }

  return wrap(
    <Stack spacing={2}>
      <AuditFilters
        values={values}
        onChange={setValues}
        hidden={Object.keys(fixed) as AuditFilterKey[]}
      />
      {body}
      <Stack direction="row" spacing={1} alignItems="center">
        <Button
          size="small"
          disabled={cursors.length === 0 || page.loading}
          onClick={() => {
            setCursor(cursors[cursors.length - 1]);
            setCursors(cursors.slice(0, -1));
          }}
        >
          Newer
        </Button>
        <Button
          size="small"
          disabled={!page.value?.nextCursor || page.loading}
          onClick={() => {
            setCursors([...cursors, cursor]);
            setCursor(page.value?.nextCursor);
          }}
        >
          Older
        </Button>
        <TextField
          select
          size="small"
          label="Per page"
          value={pageSize}
          onChange={event => {
            setPageSize(Number(event.target.value));
            setCursors([]);
            setCursor(undefined);
          }}
          sx={{ width: 110 }}
        >
          {[10, 25, 50, 100].map(size => (
            <MenuItem key={size} value={size}>
              {size}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
    </Stack>,
  );
}
