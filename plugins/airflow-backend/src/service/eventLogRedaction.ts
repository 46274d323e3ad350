import type { AirflowEventLogEntry } from '@airflow-portal/plugin-airflow-common';
import { redactConf, redactText } from '../redaction/redact';

/**
 * An event log entry with the secrets of its `extra` redacted. Airflow puts
 * the request's parameters and body there (as JSON text on Airflow 3, often
 * a CLI command line on Airflow 2): JSON is redacted as a conf is, by key
 * and value; anything else as free text.
 */
export function redactEventLogEntry(
  entry: AirflowEventLogEntry,
): AirflowEventLogEntry {
  if (entry.extra === undefined) {
    return entry;
  }
  return { ...entry, extra: redactExtra(entry.extra) };
}

function redactExtra(extra: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    return redactText(extra);
  }
  return typeof parsed === 'object' && parsed !== null
    ? JSON.stringify(redactConf(parsed))
    : redactText(extra);
}
