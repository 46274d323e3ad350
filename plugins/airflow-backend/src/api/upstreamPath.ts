import { isDotSegment } from '@airflow-portal/plugin-airflow-common';
import { InputError } from '@backstage/errors';

/**
 * One path segment of an upstream call: percent-encoded (ids may contain
 * `/`, `?`, `#`, `+`, `:` …), never empty and never `.` or `..`, which a URL
 * parser resolves (also as `%2e%2e`) so that the request would reach another
 * path. Ids are refused earlier by the routes; this is the last guard.
 */
export function pathSegment(value: string): string {
  if (value === '' || isDotSegment(value)) {
    throw new InputError(
      `"${value}" cannot be an Airflow id: it is not a path segment`,
    );
  }
  return encodeURIComponent(value);
}

/**
 * A path of Airflow's REST API with every interpolated value as one segment
 * (see `pathSegment`); numbers must be non-negative integers. The literal
 * parts give the path its shape, which no value can change:
 * `upstreamPath\`/dags/${dagId}/dagRuns/${runId}\``.
 */
export function upstreamPath(
  literals: TemplateStringsArray,
  ...values: Array<string | number>
): string {
  let path = literals[0];
  values.forEach((value, index) => {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new InputError(`${value} is not a valid path number`);
      }
      path += String(value);
    } else {
      path += pathSegment(value);
    }
    path += literals[index + 1];
  });
  return path;
}
