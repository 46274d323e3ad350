import type { AirflowLogLine } from '@airflow-portal/plugin-airflow-common';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AirflowTaskLogRequest, airflowApiRef } from '../../api';
import { AirflowErrorAlert } from '../display/AirflowErrorAlert';

interface LogState {
  lines: AirflowLogLine[];
  token?: string;
  endOfLog: boolean;
  loading: boolean;
  error?: Error;
}

function lineText(line: AirflowLogLine): string {
  return [line.timestamp, line.level && `[${line.level}]`, line.message]
    .filter(Boolean)
    .join(' ');
}

function Highlighted(props: { text: string; search: string }) {
  const { text, search } = props;
  if (!search) {
    return <>{text}</>;
  }
  const parts: Array<string | JSX.Element> = [];
  const lower = text.toLocaleLowerCase();
  let from = 0;
  let at = lower.indexOf(search, from);
  while (at >= 0) {
    parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + search.length)}</mark>);
    from = at + search.length;
    at = lower.indexOf(search, from);
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

/**
 * A task log, read chunk by chunk: "Load more" passes the continuation token
 * back until Airflow says the log ended (a running task's log grows, so the
 * button stays while it may). Searching filters the loaded lines.
 */
export function TaskLogViewer(props: { request: AirflowTaskLogRequest }) {
  const { request } = props;
  const api = useApi(airflowApiRef);
  const [log, setLog] = useState<LogState>({
    lines: [],
    endOfLog: false,
    loading: true,
  });
  const [search, setSearch] = useState('');

  const load = useCallback(
    async (token: string | undefined, previous: AirflowLogLine[]) => {
      setLog(current => ({ ...current, loading: true, error: undefined }));
      try {
        const chunk = await api.getTaskLog({ ...request, token });
        setLog({
          lines: [...previous, ...chunk.lines],
          // Without a new token there is nothing further to ask for.
          token: chunk.continuationToken ?? token,
          endOfLog: chunk.endOfLog || !chunk.continuationToken,
          loading: false,
        });
      } catch (error) {
        setLog(current => ({
          ...current,
          loading: false,
          error: error as Error,
        }));
      }
    },
    [api, request],
  );

  useEffect(() => {
    load(undefined, []);
  }, [load]);

  const needle = search.trim().toLocaleLowerCase();
  const shown = useMemo(
    () =>
      log.lines
        .map((line, index) => ({ index, text: lineText(line) }))
        .filter(
          line => !needle || line.text.toLocaleLowerCase().includes(needle),
        ),
    [log.lines, needle],
  );

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} alignItems="center">
        <TextField
          size="small"
          type="search"
          label="Search log"
          value={search}
          onChange={event => setSearch(event.target.value)}
        />
        <Typography variant="caption" color="text.secondary">
          {needle
            ? `${shown.length} of ${log.lines.length} lines match`
            : `${log.lines.length} lines`}
          {log.endOfLog ? ' · end of log' : ''}
        </Typography>
      </Stack>
      {log.error && (
        <AirflowErrorAlert
          title="The log could not be read"
          error={log.error}
        />
      )}
      <Box
        component="pre"
        aria-label="Task log"
        sx={{
          fontFamily: 'monospace',
          fontSize: '0.8rem',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
          bgcolor: 'action.hover',
          p: 1.5,
          m: 0,
          maxHeight: '60vh',
          overflow: 'auto',
        }}
      >
        {shown.map(line => (
          <div key={line.index}>
            <Highlighted text={line.text} search={needle} />
          </div>
        ))}
        {!log.loading &&
          log.lines.length === 0 &&
          !log.error &&
          'The log is empty.'}
      </Box>
      {log.loading && <Progress />}
      {!log.endOfLog && !log.loading && (
        <Button
          variant="outlined"
          onClick={() => load(log.token, log.lines)}
          sx={{ alignSelf: 'flex-start' }}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}
