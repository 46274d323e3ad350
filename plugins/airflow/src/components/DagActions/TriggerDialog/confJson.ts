/** The backend refuses a larger conf; checking here gives the reason before sending. */
export const MAX_CONF_BYTES = 64 * 1024;

export type ConfResult =
  | { conf: Record<string, unknown>; error?: undefined }
  | { conf?: undefined; error: string };

/** UTF-8 size without TextEncoder, which not every test environment has. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code < 0x10000) bytes += 3;
    else bytes += 4;
  }
  return bytes;
}

export function checkConfSize(
  conf: Record<string, unknown>,
): string | undefined {
  const size = utf8Length(JSON.stringify(conf));
  return size > MAX_CONF_BYTES
    ? `conf is ${(size / 1024).toFixed(1)} KiB; at most 64 KiB is accepted`
    : undefined;
}

/** Parses the JSON tab: empty means `{}`; anything but a JSON object is refused. */
export function parseConf(text: string): ConfResult {
  if (!text.trim()) {
    return { conf: {} };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'conf must be a JSON object, like {"key": "value"}' };
  }
  const conf = value as Record<string, unknown>;
  const sizeError = checkConfSize(conf);
  return sizeError ? { error: sizeError } : { conf };
}
