const MAX_DETAIL_LENGTH = 1000;

/**
 * Airflow's explanation of a failed call, from any of its error shapes:
 * v2 `{detail: string | object}` (422: `{detail: [{loc, msg}]}`), v1 RFC 7807
 * `{type, title, status, detail}`, and Airflow 3's `{error}` for removed
 * `/api/v1` paths. Truncated so a huge body cannot flood logs or clients.
 */
export function extractAirflowDetail(body: unknown): string | undefined {
  if (typeof body === 'string') {
    return truncate(body.trim()) || undefined;
  }
  if (!isRecord(body)) {
    return undefined;
  }
  const detail = body.detail ?? body.error ?? body.title ?? body.message;
  if (detail === undefined || detail === null) {
    return undefined;
  }
  if (typeof detail === 'string') {
    return truncate(detail);
  }
  if (Array.isArray(detail) && detail.every(isValidationItem)) {
    return truncate(
      detail
        .map(d =>
          Array.isArray(d.loc) ? `${d.loc.join('.')}: ${d.msg}` : d.msg,
        )
        .join('; '),
    );
  }
  return truncate(JSON.stringify(detail));
}

function isValidationItem(v: unknown): v is { msg: string; loc?: unknown[] } {
  return isRecord(v) && typeof v.msg === 'string';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_LENGTH
    ? `${text.slice(0, MAX_DETAIL_LENGTH)}…`
    : text;
}
