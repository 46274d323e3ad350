/** Longest wait the portal passes on or honours: a bigger `Retry-After` is capped, not ignored. */
export const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * `Retry-After` (RFC 9110 §10.2.3) in whole seconds: delay-seconds or an
 * HTTP-date relative to `nowMs`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) {
    seconds = Number(trimmed);
  } else if (/^[A-Za-z]{3}, /.test(trimmed)) {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    seconds = Math.ceil((at - nowMs) / 1000);
  } else {
    return undefined;
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}
