import type {
  AirflowEnvironmentStatus,
  AirflowErrorInfo,
} from '@airflow-portal/plugin-airflow-common';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { AirflowApi, airflowApiRef } from '../../api';
import { toAirflowErrorInfo } from '../display/errors';

export interface EnvironmentStatuses {
  loading: boolean;
  /** Every environment the backend knows, when all were requested and listed. */
  all?: AirflowEnvironmentStatus[];
  /** Why the list of all environments could not be read. */
  listError?: AirflowErrorInfo;
  byName: Record<string, AirflowEnvironmentStatus>;
  /** Why the status of an environment could not be read. */
  errors: Record<string, AirflowErrorInfo>;
}

type LoadedStatuses = Omit<EnvironmentStatuses, 'loading'>;

async function loadAllStatuses(api: AirflowApi): Promise<LoadedStatuses> {
  try {
    const { environments } = await api.listEnvironments();
    return {
      all: environments,
      byName: Object.fromEntries(environments.map(env => [env.name, env])),
      errors: {},
    };
  } catch (error) {
    return {
      listError: toAirflowErrorInfo(error as Error),
      byName: {},
      errors: {},
    };
  }
}

async function loadStatusesOf(
  api: AirflowApi,
  names: string[],
): Promise<LoadedStatuses> {
  const loaded: LoadedStatuses = { byName: {}, errors: {} };
  await Promise.all(
    names.map(name =>
      api.getEnvironment(name).then(
        status => {
          loaded.byName[name] = status;
        },
        error => {
          loaded.errors[name] = toAirflowErrorInfo(error);
        },
      ),
    ),
  );
  return loaded;
}

/**
 * Live status of the given environments. A team page needs every environment
 * (to find the ones it owns), so it asks for the whole list at once; an entity
 * page asks only for the environments its DAGs live in. A failed status call
 * never hides the DAGs: it only leaves the chip of that environment neutral.
 */
export function useEnvironmentStatuses(
  names: string[],
  loadAll: boolean,
): EnvironmentStatuses {
  const api = useApi(airflowApiRef);
  // `names` is a new array on every render; its content is what matters.
  const key = names.join(',');

  const { loading, value } = useAsync(
    () => (loadAll ? loadAllStatuses(api) : loadStatusesOf(api, names)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, loadAll, loadAll ? '' : key],
  );

  const listError = value?.listError;
  return {
    loading,
    byName: {},
    ...value,
    // Without the list, every environment's status is unknown for the same reason.
    errors: listError
      ? Object.fromEntries(names.map(name => [name, listError]))
      : value?.errors ?? {},
  };
}
