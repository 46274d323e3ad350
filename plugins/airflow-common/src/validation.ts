/*
 * The identifiers the portal accepts, in one place: the backend's config
 * reader and its request validation use the same rules, and so can anything
 * that builds the portal's URLs.
 */

/**
 * An environment's name (`airflow.environments[].name`), used in URLs and
 * catalog annotations: a letter, then letters, digits, `_` and `-`.
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
export const ENVIRONMENT_NAME_MAX_LENGTH = 100;

/** Airflow's `KEY_REGEX`, the rule for DAG ids and task ids (task-group members contain dots). */
export const AIRFLOW_KEY_PATTERN = /^[a-zA-Z0-9_.-]+$/;
/** Airflow's `ID_LEN`: the longest DAG, task or run id. */
export const AIRFLOW_ID_MAX_LENGTH = 250;

export function isEnvironmentName(value: string): boolean {
  return (
    value.length <= ENVIRONMENT_NAME_MAX_LENGTH &&
    ENVIRONMENT_NAME_PATTERN.test(value)
  );
}

export function isDagId(value: string): boolean {
  return (
    value.length <= AIRFLOW_ID_MAX_LENGTH && AIRFLOW_KEY_PATTERN.test(value)
  );
}

export const isTaskId = isDagId;

/** A run id is free text for Airflow; only control characters are refused. */
export function isRunId(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= AIRFLOW_ID_MAX_LENGTH &&
    !hasControlCharacters(value)
  );
}

export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}
