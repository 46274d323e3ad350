import { RE2JS } from 're2js';

/** The part of a RegExp that schema validation uses. */
interface PatternMatcher {
  test(input: string): boolean;
  /** Ajv caches compiled patterns under this key: it must differ per pattern. */
  toString(): string;
}

/**
 * Regular expressions for ajv's `pattern` keyword, run by RE2 (re2js), whose
 * matching time grows linearly with the input. A param's `pattern` comes from a
 * DAG's code: with the browser's backtracking engine a pattern such as
 * `^(a+)+$` could freeze the page on a long value.
 *
 * A pattern RE2 cannot compile (look-ahead, back-references) accepts every
 * value here: Airflow validates conf against the DAG's params when the run is
 * triggered and its refusal is shown.
 */
export const linearTimeRegExp = Object.assign(
  (pattern: string): PatternMatcher => {
    const key = `re2:${pattern}`;
    try {
      const compiled = RE2JS.compile(pattern);
      return {
        test: input => compiled.test(input),
        toString: () => key,
      };
    } catch {
      return { test: () => true, toString: () => key };
    }
  },
  // How ajv would reference the engine in standalone code, which is not generated here.
  { code: 'linearTimeRegExp' },
);
