import { z } from 'zod';

/*
 * Config problems as start-up errors: "<key> <problem>", never the value, so
 * that a mistyped secret cannot end up in a log.
 */

/** Turns a zod issue into "<key> <problem>" without echoing the value. */
export function describeIssue(issue: z.ZodIssue, raw: unknown): string {
  const key = formatPath(issue.path);
  const subject = key || 'entry';
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') {
        const authType = authTypeOf(raw);
        return issue.path[0] === 'auth' && authType
          ? `${subject} is required for auth type ${authType}`
          : `${subject} is required`;
      }
      return `${subject} must be ${article(issue.expected)} (got ${
        issue.received
      })`;
    case z.ZodIssueCode.invalid_union_discriminator:
    case z.ZodIssueCode.invalid_enum_value:
      return `${subject} must be one of ${issue.options.join(', ')}`;
    case z.ZodIssueCode.unrecognized_keys:
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map(k => (key ? `${key}.${k}` : k))
        .join(', ')}`;
    case z.ZodIssueCode.too_small:
      return issue.type === 'string'
        ? `${subject} must not be empty`
        : `${subject} must be at least ${issue.minimum}`;
    case z.ZodIssueCode.too_big:
      return issue.type === 'string'
        ? `${subject} must be at most ${issue.maximum} characters`
        : `${subject} must be at most ${issue.maximum}`;
    case z.ZodIssueCode.not_multiple_of:
      return `${subject} is not valid`;
    default:
      // Custom messages (refinements) are ours and never contain values.
      return `${subject} ${issue.message}`;
  }
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((key, p) => {
    if (typeof p === 'number') return `${key}[${p}]`;
    return key ? `${key}.${p}` : p;
  }, '');
}

function authTypeOf(raw: unknown): string | undefined {
  const auth = isRecord(raw) ? raw.auth : undefined;
  const type = isRecord(auth) ? auth.type : undefined;
  return type === 'jwt' || type === 'token' || type === 'basic'
    ? type
    : undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
