/** Filtering, ordering and query parsing shared by both API flavours. */

export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

const LIKE_WILDCARDS: Record<string, string> = { '%': '.*', _: '.' };
const escapeRegExp = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** SQL `ILIKE '%value%'` semantics (`%`, `_` wildcards); `|` separates OR terms when `splitOr`. */
export function likeMatcher(
  pattern: string,
  splitOr: boolean,
): (value: string) => boolean {
  const terms = (splitOr ? pattern.split('|') : [pattern])
    .map(t => t.trim())
    .filter(Boolean);
  const regexes = terms.map(term => {
    const body = term
      .split('')
      .map(ch => LIKE_WILDCARDS[ch] ?? escapeRegExp(ch))
      .join('');
    return new RegExp(`^.*${body}.*$`, 'is');
  });
  if (regexes.length === 0) return () => true;
  return value => regexes.some(re => re.test(value));
}

export type SortValue = string | number | boolean | null | undefined;

export interface SortKey {
  field: string;
  desc: boolean;
}

export function parseOrderBy(values: string[]): SortKey[] {
  return values
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean)
    .map(v =>
      v.startsWith('-')
        ? { field: v.slice(1), desc: true }
        : { field: v, desc: false },
    );
}

/** Stable multi-key sort with PostgreSQL null ordering (last when ascending, first when descending). */
export function sortItems<T>(
  items: T[],
  keys: SortKey[],
  value: (item: T, field: string) => SortValue,
): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      for (const { field, desc } of keys) {
        const x = value(a.item, field);
        const y = value(b.item, field);
        const xNull = x === null || x === undefined;
        const yNull = y === null || y === undefined;
        if (xNull && yNull) continue;
        if (xNull) return desc ? -1 : 1;
        if (yNull) return desc ? 1 : -1;
        let cmp = 0;
        if (typeof x === 'string' && typeof y === 'string') {
          cmp = x < y ? -1 : Number(x > y);
        } else {
          cmp = Number(x) - Number(y);
        }
        if (cmp !== 0) return desc ? -cmp : cmp;
      }
      return a.index - b.index;
    })
    .map(e => e.item);
}

const TRUE = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE = ['false', '0', 'no', 'off', 'f', 'n'];

/** Reads query parameters the way FastAPI/pydantic does, collecting 422 items. */
export class QueryReader {
  readonly errors: ValidationItem[] = [];

  constructor(readonly query: URLSearchParams) {}

  str(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  list(name: string): string[] {
    return this.query.getAll(name);
  }

  int(name: string, def: number, min?: number): number {
    const raw = this.query.get(name);
    if (raw === null) return def;
    if (!/^[+-]?\d+$/.test(raw.trim())) {
      this.reject(
        name,
        raw,
        'int_parsing',
        'Input should be a valid integer, unable to parse string as an integer',
      );
      return def;
    }
    const n = parseInt(raw, 10);
    if (min !== undefined && n < min) {
      this.reject(
        name,
        raw,
        'greater_than_equal',
        `Input should be greater than or equal to ${min}`,
        { ge: min },
      );
      return def;
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const v = raw.trim().toLowerCase();
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    this.reject(
      name,
      raw,
      'bool_parsing',
      'Input should be a valid boolean, unable to interpret input',
    );
    return undefined;
  }

  date(name: string): number | undefined {
    const raw = this.query.get(name);
    if (raw === null || raw === '') return undefined;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) {
      this.reject(
        name,
        raw,
        'datetime_from_date_parsing',
        'Input should be a valid datetime or date, invalid character in year',
      );
      return undefined;
    }
    return ms;
  }

  /** Records the 422 item pydantic gives for a query parameter it cannot read. */
  private reject(
    name: string,
    raw: string,
    type: string,
    msg: string,
    ctx?: Record<string, unknown>,
  ) {
    this.errors.push({
      type,
      loc: ['query', name],
      msg,
      input: raw,
      ...(ctx ? { ctx } : {}),
    });
  }
}

/** `gte/gt/lte/lt` range filter on a nullable number (null never matches a bound). */
export function inRange(
  value: number | null,
  bounds: { gte?: number; gt?: number; lte?: number; lt?: number },
): boolean {
  const active = Object.values(bounds).some(v => v !== undefined);
  if (!active) return true;
  if (value === null) return false;
  if (bounds.gte !== undefined && value < bounds.gte) return false;
  if (bounds.gt !== undefined && value <= bounds.gt) return false;
  if (bounds.lte !== undefined && value > bounds.lte) return false;
  if (bounds.lt !== undefined && value >= bounds.lt) return false;
  return true;
}

/** A list filter of a batch body: absent or empty lets everything through. */
export function listAllows(list: unknown, value: unknown): boolean {
  return !Array.isArray(list) || list.length === 0 || list.includes(value);
}
