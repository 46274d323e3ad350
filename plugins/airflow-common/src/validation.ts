/*
 * The identifiers the portal accepts, in one place: the backend's config
 * reader uses the same rules, its OpenAPI spec is checked against them, and so
 * can anything that builds the portal's URLs.
 */

/**
 * An environment's name (`airflow.environments[].name`), used in URLs and
 * catalog annotations: a letter, then letters, digits, `_` and `-`.
 *
 * @public
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

/**
 * The longest environment name.
 *
 * @public
 */
export const ENVIRONMENT_NAME_MAX_LENGTH = 100;

/**
 * Airflow's `KEY_REGEX`, the rule for DAG ids and task ids (task-group
 * members contain dots), without `.` and `..`: as a path segment of an
 * upstream URL those would navigate (see {@link isDotSegment}).
 *
 * @public
 */
export const AIRFLOW_KEY_PATTERN = /^(?!\.{1,2}$)[a-zA-Z0-9_.-]+$/;

/**
 * Whether `value` is `.` or `..`: refused as any id, because a URL parser
 * resolves such a segment (also when percent-encoded) and the request would
 * reach another path.
 *
 * @public
 */
export function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

/**
 * Airflow's `ID_LEN`: the longest DAG, task or run id.
 *
 * @public
 */
export const AIRFLOW_ID_MAX_LENGTH = 250;

/**
 * Whether `value` is a valid environment name (see {@link ENVIRONMENT_NAME_PATTERN}).
 *
 * @public
 */
export function isEnvironmentName(value: string): boolean {
  return (
    value.length <= ENVIRONMENT_NAME_MAX_LENGTH &&
    ENVIRONMENT_NAME_PATTERN.test(value)
  );
}

/**
 * Whether `value` is a valid DAG id (Airflow's key rule and length).
 *
 * @public
 */
export function isDagId(value: string): boolean {
  return (
    value.length <= AIRFLOW_ID_MAX_LENGTH && AIRFLOW_KEY_PATTERN.test(value)
  );
}

/**
 * Whether `value` is a valid task id: the same rule as DAG ids.
 *
 * @public
 */
export const isTaskId = isDagId;

/**
 * Whether `value` is a valid run id: free text for Airflow, so only
 * control characters, `.` and `..` are refused.
 *
 * @public
 */
export function isRunId(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= AIRFLOW_ID_MAX_LENGTH &&
    !isDotSegment(value) &&
    !hasControlCharacters(value)
  );
}

/**
 * Whether `value` contains a control character (U+0000–U+001F or U+007F).
 *
 * @public
 */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}
