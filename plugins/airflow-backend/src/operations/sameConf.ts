/**
 * Whether the conf of an existing run is the conf a retried trigger sends:
 * equal as JSON whatever the order of keys; no conf is `{}`, as Airflow
 * stores it.
 */
export function sameConf(
  existing: Record<string, unknown> | undefined,
  sent: Record<string, unknown> | undefined,
): boolean {
  return canonicalJson(existing ?? {}) === canonicalJson(sent ?? {});
}

/** JSON with object keys sorted at every depth (bodies are depth-bounded on input). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      // Code-unit order, the same on every machine (no locale).
      .sort(([a], [b]) => Number(a > b) - Number(a < b));
    return `{${entries
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
