import { redactConf } from './redact';

/** Stored conf is capped at this many bytes of JSON. */
export const MAX_STORED_CONF_BYTES = 8 * 1024;

/**
 * The conf as the audit trail keeps it: redacted (see `redactConf`), and at most `maxBytes` of JSON; a longer conf is
 * kept as a truncated JSON text with a marker.
 */
export function sanitizeConf(
  conf: Record<string, unknown> | undefined,
  maxBytes: number = MAX_STORED_CONF_BYTES,
): Record<string, unknown> | undefined {
  if (conf === undefined) {
    return undefined;
  }
  const redacted = redactConf(conf);
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
