import { InputError } from '@backstage/errors';

export interface AuditCursor {
  createdAt: Date;
  id: string;
}

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
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isFinite(parsed[0]) &&
      typeof parsed[1] === 'string'
    ) {
      return { createdAt: new Date(parsed[0]), id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new InputError('Invalid cursor');
}
