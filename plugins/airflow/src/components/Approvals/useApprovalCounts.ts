import type { EnvironmentApprovalCount } from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { airflowApiRef } from '../../api';

/**
 * The pending approvals per environment (the backend's cached count), read
 * again whenever `generation` changes (the overview's refresh). A failed
 * read keeps the last counts: they are a detail of the overview, not worth
 * an error of their own.
 */
export function useApprovalCounts(
  generation: unknown,
): Record<string, EnvironmentApprovalCount> {
  const api = useApi(airflowApiRef);
  const counts = useAsync(() => api.listApprovalCounts(), [api, generation]);
  const [last, setLast] = useState<Record<string, EnvironmentApprovalCount>>(
    {},
  );
  useEffect(() => {
    if (counts.value) {
      setLast(
        Object.fromEntries(
          counts.value.environments.map(count => [count.environment, count]),
        ),
      );
    }
  }, [counts.value]);
  return last;
}
