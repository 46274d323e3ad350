import type { AirflowDagParam } from '@airflow-portal/plugin-airflow-common';
import { isObject, optString } from './readers';

const PARAM_KEYS = ['value', 'description', 'schema'];

/**
 * DAG params as both API versions serialise them (v2 `DAGDetailsResponse.params`,
 * v1 `DAGDetail.params`): name → `Param.dump()`, i.e. `{__class, value,
 * description, schema, source?}`. A bare value (a plain dict param, or an older
 * server) becomes a param without schema; null or a non-object means no params.
 */
export function mapDagParams(value: unknown): Record<string, AirflowDagParam> {
  if (!isObject(value)) {
    return {};
  }
  // fromEntries defines own properties, so even a param named `__proto__` stays data.
  return Object.fromEntries(
    Object.entries(value).map(([name, raw]): [string, AirflowDagParam] =>
      isObject(raw) && PARAM_KEYS.some(key => key in raw)
        ? [
            name,
            {
              value: raw.value,
              description: optString(raw.description),
              schema: isObject(raw.schema) ? raw.schema : {},
            },
          ]
        : [name, { value: raw, schema: {} }],
    ),
  );
}
