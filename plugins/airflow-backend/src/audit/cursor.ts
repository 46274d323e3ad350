import { InputError } from '@backstage/errors';

export interface AuditCursor {
  createdAt: Date;
  id: string;
}

/** Year 9999: later than any record, within what every database stores. */
const MAX_CURSOR_MILLIS = Date.UTC(9999, 11, 31);
/** Record ids are UUIDs. */
const CURSOR_ID = /^[0-9a-f-]{1,36}$/i;

/** Opaque to clients: base64url of `[createdAtMillis, id]`. */
export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(
    JSON.stringify([cursor.createdAt.getTime(), cursor.id]),
    'utf8',
  ).toString('base64url');
}

export function decodeCursor(value: string): AuditCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    // A time the databases can compare (not 1e300: an invalid date is a
    // database error), and an id like the store's.
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      parsed[0] >= 0 &&
      parsed[0] <= MAX_CURSOR_MILLIS &&
      typeof parsed[1] === 'string' &&
      CURSOR_ID.test(parsed[1])
    ) {
      return { createdAt: new Date(parsed[0]), id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new InputError('Invalid cursor');
}
