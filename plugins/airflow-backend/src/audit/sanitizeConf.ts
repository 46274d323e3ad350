import { createHash } from 'node:crypto';
import { redactConf } from '../redaction/redact';
import type { ConfDigest } from './types';

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

/**
 * What identifies a conf without keeping it: the SHA-256 of its redacted
 * JSON (never of the secrets themselves, which a digest would let anyone
 * guess offline) and its size as sent.
 */
export function digestConf(
  conf: Record<string, unknown> | undefined,
): ConfDigest | undefined {
  if (conf === undefined) {
    return undefined;
  }
  return {
    sha256: createHash('sha256')
      .update(JSON.stringify(redactConf(conf)), 'utf8')
      .digest('hex'),
    bytes: Buffer.byteLength(JSON.stringify(conf), 'utf8'),
  };
}
