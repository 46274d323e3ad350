import { DependencyList, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/**
 * A request that re-runs every `intervalMs` (null: not at all). The last answer
 * stays shown while a poll is under way or after a poll failed, so polling
 * neither flickers nor blanks the view. A change of `deps` starts afresh.
 */
export function usePolledRequest<T>(
  request: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number | null,
) {
  const state = useAsyncRetry(request, deps);
  const [last, setLast] = useState<T>();
  useEffect(() => setLast(undefined), deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (state.value !== undefined) {
      setLast(state.value);
    }
  }, [state.value]);
  useInterval(state.retry, state.loading ? null : intervalMs);
  return {
    value: state.value ?? last,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
