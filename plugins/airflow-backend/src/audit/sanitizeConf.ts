/** Keys whose values are replaced before a conf is stored. */
export const SECRET_KEY_PATTERN = /pass|secret|token|key|credential|auth/i;

export const REDACTED = '[REDACTED]';

/** Stored conf is capped at this many bytes of JSON. */
export const MAX_STORED_CONF_BYTES = 8 * 1024;

function redact(value: unknown, depth: number): unknown {
  if (depth > 32) {
    return REDACTED;
  }
  if (Array.isArray(value)) {
    return value.map(item => redact(item, depth + 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        SECRET_KEY_PATTERN.test(key) ? REDACTED : redact(inner, depth + 1),
      ]),
    );
  }
  return value;
}

/**
 * The conf as the audit trail keeps it: values of secret-looking keys
 * redacted at any depth, and at most `maxBytes` of JSON; a longer conf is
 * kept as a truncated JSON text with a marker.
 */
export function sanitizeConf(
  conf: Record<string, unknown> | undefined,
  maxBytes: number = MAX_STORED_CONF_BYTES,
): Record<string, unknown> | undefined {
  if (conf === undefined) {
    return undefined;
  }
  const redacted = redact(conf, 0) as Record<string, unknown>;
  const json = JSON.stringify(redacted);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= maxBytes) {
    return redacted;
  }
  const previewBytes = Math.max(0, maxBytes - 256);
  // Cut on a byte budget without splitting a character.
  const preview = Buffer.from(json, 'utf8')
    .subarray(0, previewBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return { __truncated__: true, originalBytes: bytes, preview };
}
