import { inflateSync } from 'node:zlib';

/*
 * Airflow 2's JSON log answer is `{continuation_token, content: string}`. The
 * token is always present, so the end of the log is read from the token's
 * metadata (an itsdangerous URLSafeSerializer dump: base64url JSON, zlib
 * compressed when prefixed with `.`, then `.signature`). `content` is often the
 * Python repr of `[(host, text), …]`, which is unwrapped to the text.
 */

/** `end_of_log` from a v1 continuation token; undefined when it cannot be read. */
export function readV1TokenEndOfLog(token: string): boolean | undefined {
  try {
    const compressed = token.startsWith('.');
    const body = compressed ? token.slice(1) : token;
    const separator = body.lastIndexOf('.');
    if (separator <= 0) {
      return undefined;
    }
    let payload = Buffer.from(body.slice(0, separator), 'base64url');
    if (compressed) {
      payload = inflateSync(payload);
    }
    const metadata: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof metadata === 'object' && metadata !== null) {
      const endOfLog = (metadata as Record<string, unknown>).end_of_log;
      return typeof endOfLog === 'boolean' ? endOfLog : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

class ReprReader {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace() {
    while (/\s/.test(this.text[this.pos] ?? '')) {
      this.pos++;
    }
  }

  expect(char: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== char) {
      return false;
    }
    this.pos++;
    return true;
  }

  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** A Python str literal in single or double quotes. */
  string(): string | undefined {
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') {
      return undefined;
    }
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const char = this.text[this.pos++];
      if (char === quote) {
        return out;
      }
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = this.text[this.pos++];
      const hexLength = { x: 2, u: 4, U: 8 }[escape as 'x' | 'u' | 'U'];
      if (hexLength) {
        const code = parseInt(
          this.text.slice(this.pos, this.pos + hexLength),
          16,
        );
        this.pos += hexLength;
        out += Number.isNaN(code) ? '' : String.fromCodePoint(code);
      } else {
        out += SIMPLE_ESCAPES[escape] ?? `\\${escape}`;
      }
    }
    return undefined;
  }
}

/** The texts of a `[(host, text), …]` repr; undefined when `content` is not one. */
export function unwrapPythonLogRepr(content: string): string | undefined {
  const reader = new ReprReader(content.trim());
  if (!reader.expect('[')) {
    return undefined;
  }
  const texts: string[] = [];
  if (reader.expect(']')) {
    return reader.atEnd() ? '' : undefined;
  }
  for (;;) {
    if (!reader.expect('(')) {
      return undefined;
    }
    const host = reader.string();
    if (host === undefined || !reader.expect(',')) {
      return undefined;
    }
    const text = reader.string();
    if (text === undefined) {
      return undefined;
    }
    reader.expect(',');
    if (!reader.expect(')')) {
      return undefined;
    }
    texts.push(text);
    if (reader.expect(']')) {
      return reader.atEnd() ? texts.join('\n') : undefined;
    }
    if (!reader.expect(',')) {
      return undefined;
    }
    if (reader.peek() === ']') {
      reader.expect(']');
      return reader.atEnd() ? texts.join('\n') : undefined;
    }
  }
}
