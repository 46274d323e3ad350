/*
 * The one place that decides what of a conf or an error text is a secret.
 * Used for audit rows, auditor events, run confs shown to readers and every
 * error detail relayed from Airflow or AWS, so that they all hide the same.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Key names whose values are secrets, at any depth and in any case:
 * `password`, `db_pwd`, `api_key`, `credentials`, `sqlalchemy_dsn`, …
 * Deliberately broad: hiding a harmless value costs less than showing a key.
 */
export const SECRET_KEY_PATTERN =
  /pass|pwd|secret|token|key|credential|auth|dsn|cookie|session|signature|private/i;

/** Deeper than this, a conf is not read any further (and refused on input: see MAX_CONF_DEPTH). */
const MAX_REDACT_DEPTH = 64;

/** `--password`, `-db-token`, `--api_key`: a command-line flag whose next argument is a secret. */
const SECRET_FLAG = /^-{1,2}[\w.-]*$/;

function isSecretFlag(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    SECRET_FLAG.test(value) &&
    SECRET_KEY_PATTERN.test(value)
  );
}

/**
 * A conf (or any JSON value) with every secret replaced by `[REDACTED]`:
 * values of secret-looking keys, the argument after a secret flag in an
 * array (`["--password", "x"]`), and secrets inside strings (see
 * `redactText`). The input is not changed.
 */
export function redactConf<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_REDACT_DEPTH) {
    return REDACTED;
  }
  if (typeof value === 'string') {
    return redactText(value);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      index > 0 && isSecretFlag(value[index - 1])
        ? REDACTED
        : redactValue(item, depth + 1),
    );
  }
  if (value && typeof value === 'object') {
    // Own enumerable keys only; `__proto__` stays a plain key of the copy.
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      Object.defineProperty(copy, key, {
        value: SECRET_KEY_PATTERN.test(key)
          ? REDACTED
          : redactValue(inner, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * Secrets in free text that a pattern finds on its own, each with what
 * replaces it. Every pattern starts at a literal and cannot backtrack far,
 * so a long text costs linear time (these run on every string of a conf).
 */
const TEXT_RULES: Array<[RegExp, string]> = [
  // scheme://user:password@host → scheme://user:[REDACTED]@host
  [/(:\/\/[^\s:/@'"]*:)[^\s@/'"]+@/g, `$1${REDACTED}@`],
  // Authorization: Bearer <token>, Basic <base64>
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // JSON Web Tokens anywhere (Airflow's own access tokens)
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, REDACTED],
  // AWS access key ids
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
];

/** A word that may name a secret: `password`, `--db-token`, `"api_key"`. */
const WORD = /[\w.-]+/g;
/** After a secret key: `: `, `=`, `": "`. */
const KEY_SEPARATOR = /["']?[ \t]*[:=][ \t]*/y;
/** After a secret flag: `=` or blanks (`--password hunter2`). */
const FLAG_SEPARATOR = /=|[ \t]+/y;
/** The value: quoted, or up to a blank or a closing delimiter. */
const VALUE = /\[REDACTED\]|'[^']*'|"[^"]*"|[^\s,;}\]]+/y;

/** Reads `pattern` (sticky) at `index` of `text`: the end of the match, or -1. */
function matchAt(pattern: RegExp, text: string, index: number): number {
  pattern.lastIndex = index;
  return pattern.exec(text) ? pattern.lastIndex : -1;
}

/**
 * `password=value`, `"api_key": "value"`, `param db_pwd: 'value'`,
 * `--password value`: the value after a secret-looking word. Word by word,
 * so that the cost stays linear in the text.
 */
function redactKeyedValues(text: string): string {
  let result = '';
  let copied = 0;
  for (const word of text.matchAll(WORD)) {
    const start = word.index ?? 0;
    if (start < copied || !SECRET_KEY_PATTERN.test(word[0])) continue;
    const end = start + word[0].length;
    let valueStart = matchAt(KEY_SEPARATOR, text, end);
    if (valueStart < 0 && word[0].startsWith('-')) {
      valueStart = matchAt(FLAG_SEPARATOR, text, end);
    }
    const valueEnd = valueStart < 0 ? -1 : matchAt(VALUE, text, valueStart);
    if (valueEnd < 0) continue;
    result += text.slice(copied, valueStart) + REDACTED;
    copied = valueEnd;
  }
  return result + text.slice(copied);
}

/**
 * Free text (an Airflow error detail, an AWS message, a log line) with its
 * secrets replaced: passwords in URLs, bearer tokens, JWTs, AWS access key
 * ids, the value of `--password …` and of `secret_key=…`/`"token": "…"`,
 * and any of `knownSecrets` (values the caller knows are secret, e.g. the
 * secret values of the conf it just sent, which Airflow may echo).
 */
export function redactText(
  text: string,
  knownSecrets: readonly string[] = [],
): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Short values would redact ordinary words.
    if (secret.length >= 4) {
      result = result.split(secret).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of TEXT_RULES) {
    result = result.replace(pattern, replacement);
  }
  return redactKeyedValues(result);
}

/**
 * AWS identifiers in a message: ARNs (account, role and resource names)
 * and 12-digit account ids. Logs keep them; people who read the portal do
 * not need them to understand what failed.
 */
export function hideAwsIdentifiers(text: string): string {
  return text
    .replace(/\barn:aws[\w-]*:[^\s'",;)]*/g, '[ARN]')
    .replace(/\b\d{12}\b/g, '[ACCOUNT]');
}

/**
 * The secret values of a conf, at any depth: what a secret key holds and
 * the argument after a secret flag. An error Airflow echoes them in is
 * redacted with them (see `redactText`).
 */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, secret: boolean, depth: number) => {
    if (depth > MAX_REDACT_DEPTH) return;
    if (typeof node === 'string' || typeof node === 'number') {
      if (secret) found.push(String(node));
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) =>
        visit(
          item,
          secret || (index > 0 && isSecretFlag(node[index - 1])),
          depth + 1,
        ),
      );
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, inner] of Object.entries(node)) {
        visit(inner, secret || SECRET_KEY_PATTERN.test(key), depth + 1);
      }
    }
  };
  visit(value, false, 0);
  return found;
}
