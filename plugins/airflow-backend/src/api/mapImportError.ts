import type { AirflowImportError } from '@airflow-portal/plugin-airflow-common';
import { JsonObject, optNumber, optString } from './readers';

/** `ImportErrorResponse` (v1 `ImportError` is the same without `bundle_name`). */
export function mapImportError(
  item: JsonObject,
): AirflowImportError | undefined {
  const id = optNumber(item.import_error_id);
  if (id === undefined) {
    return undefined;
  }
  return {
    id,
    filename: optString(item.filename) ?? '',
    timestamp: optString(item.timestamp),
    stackTrace: optString(item.stack_trace) ?? '',
    bundleName: optString(item.bundle_name),
  };
}
