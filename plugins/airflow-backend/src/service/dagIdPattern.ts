/*
 * Airflow has no "these DAG ids" filter that works on every supported server
 * (the `|` OR syntax of its DAG id pattern is Airflow 3.2+ only), but every
 * version has the pattern (`ListDagsRequest.dagIdPattern`), a case-insensitive
 * substring match. So DAG ids bound by annotation are listed with their
 * longest common substring as the pattern and filtered exactly afterwards:
 * one id → one page; ids following a naming convention (`sales_*`) →
 * ⌈matches/100⌉ pages.
 */

/** Shortest common substring worth filtering by; shorter ones match nearly everything. */
const MIN_PATTERN_LENGTH = 3;

function substringsOfLength(value: string, length: number): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i + length <= value.length; i++) {
    result.add(value.slice(i, i + length));
  }
  return result;
}

function commonSubstringOfLength(
  values: string[],
  length: number,
): string | undefined {
  let candidates = substringsOfLength(values[0], length);
  for (const value of values.slice(1)) {
    const own = substringsOfLength(value, length);
    candidates = new Set([...candidates].filter(c => own.has(c)));
    if (candidates.size === 0) {
      return undefined;
    }
  }
  return candidates.values().next().value;
}

/** Longest substring common to all values (case-insensitive), by binary search on its length. */
export function longestCommonSubstring(values: string[]): string {
  if (values.length === 0) {
    return '';
  }
  const lower = values.map(v => v.toLocaleLowerCase('en-US'));
  lower.sort((a, b) => a.length - b.length);
  let best = '';
  let low = 1;
  let high = lower[0].length;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const found = commonSubstringOfLength(lower, mid);
    if (found !== undefined) {
      best = found;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

/**
 * The DAG id pattern to list the given ids with, or undefined when they share
 * too little and the environment's whole DAG list has to be read instead.
 */
export function dagIdPatternFor(dagIds: string[]): string | undefined {
  if (dagIds.length === 1) {
    return dagIds[0];
  }
  const common = longestCommonSubstring(dagIds);
  return common.length >= MIN_PATTERN_LENGTH ? common : undefined;
}
