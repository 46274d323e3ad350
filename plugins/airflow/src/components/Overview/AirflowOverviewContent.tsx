import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { EnvironmentsResponse } from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import RefreshIcon from '@mui/icons-material/Refresh';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { airflowApiRef } from '../../api';
import { EnvironmentCardGrid } from '../EnvironmentStatus/EnvironmentCardGrid';
import { formatRelative } from '../display/formatting';
import {
  emptyEnvironmentFilter,
  EnvironmentFilter,
  EnvironmentFilters,
  matchesEnvironmentFilter,
} from './EnvironmentFilters';
import { EnvironmentSummary } from './EnvironmentSummary';
import { EnvironmentTable } from './EnvironmentTable';
import { OverviewView, OverviewViewSwitch } from './OverviewViewSwitch';
import { useApprovalCounts } from '../Approvals/useApprovalCounts';

/** Up to this many environments, cards fit a screen or two; beyond, the table is the default. */
export const CARDS_UP_TO = 6;

/** Status is live but costs a call per environment; 30 s keeps heartbeats meaningful. */
export const DEFAULT_REFRESH_INTERVAL_MS = 30_000;

function RefreshControl(props: {
  loading: boolean;
  loadedAt?: number;
  onRefresh: () => void;
}) {
  // Re-render every few seconds so "updated … ago" stays truthful between refreshes.
  const [now, setNow] = useState(Date.now());
  useInterval(() => setNow(Date.now()), 5_000);
  return (
    <Stack direction="row" alignItems="center" spacing={1}>
      {props.loadedAt !== undefined && (
        <Typography variant="caption" color="text.secondary">
          updated {formatRelative(new Date(props.loadedAt).toISOString(), now)}
        </Typography>
      )}
      <Tooltip title="Refresh now">
        <span>
          <IconButton
            aria-label="Refresh"
            onClick={props.onRefresh}
            disabled={props.loading}
          >
            <RefreshIcon />
          </IconButton>
        </span>
      </Tooltip>
    </Stack>
  );
}

/**
 * Every Airflow environment the user may see with its live health, refreshed
 * on an interval: a compact table (worst first) or cards with every detail;
 * filtered by name, status, owner team and tag.
 */
export function AirflowOverviewContent(props: { refreshIntervalMs?: number }) {
  const api = useApi(airflowApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listEnvironments(),
    [api],
  );
  // A failed refresh drops the hook's value; the last answer stays on screen.
  const [lastGood, setLastGood] = useState<{
    response: EnvironmentsResponse;
    at: number;
  }>();
  useEffect(() => {
    if (value) {
      setLastGood({ response: value, at: Date.now() });
    }
  }, [value]);
  useInterval(retry, props.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
  const shown = value ?? lastGood?.response;
  // Counted again on every refresh of the statuses.
  const approvalCounts = useApprovalCounts(lastGood?.at);
  const [filter, setFilter] = useState<EnvironmentFilter>(
    emptyEnvironmentFilter,
  );
  const [chosenView, setView] = useState<OverviewView>();
  const view =
    chosenView ??
    ((shown?.environments.length ?? 0) > CARDS_UP_TO ? 'table' : 'cards');
  const filtered = useMemo(
    () =>
      shown?.environments.filter(environment =>
        matchesEnvironmentFilter(environment, filter),
      ) ?? [],
    [shown, filter],
  );

  let body;
  if (!shown && loading) {
    body = <Progress />;
  } else if (!shown && error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!shown || shown.environments.length === 0) {
    body = (
      <EmptyState
        missing="info"
        title="No Airflow environments"
        description="Configure environments under airflow.environments in the app config of the backend."
      />
    );
  } else {
    body = (
      <Stack spacing={3}>
        {error && (
          <ResponseErrorPanel
            error={error}
            title={`Refresh failed: ${error.message}`}
          />
        )}
        <Stack
          direction="row"
          spacing={2}
          justifyContent="space-between"
          alignItems="flex-start"
        >
          <EnvironmentFilters
            environments={shown.environments}
            filter={filter}
            onChange={setFilter}
          />
          <OverviewViewSwitch view={view} onChange={setView} />
        </Stack>
        <EnvironmentSummary environments={filtered} />
        {view === 'table' ? (
          <EnvironmentTable
            environments={filtered}
            approvalCounts={approvalCounts}
          />
        ) : (
          <EnvironmentCardGrid
            environments={filtered}
            approvalCounts={approvalCounts}
          />
        )}
      </Stack>
    );
  }

  return (
    <Content>
      <ContentHeader title="Environments">
        <RefreshControl
          loading={loading}
          loadedAt={lastGood?.at}
          onRefresh={retry}
        />
      </ContentHeader>
      {body}
    </Content>
  );
}
