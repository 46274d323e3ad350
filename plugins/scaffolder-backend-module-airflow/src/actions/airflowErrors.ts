import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * The Airflow backend's refusal or failure as a task error a template user
 * can act on: a 403 says they may not, with the backend's reason; the
 * others keep their meaning and the backend's message.
 */
export function asTaskError(what: string, error: unknown): Error {
  if (!(error instanceof ResponseError)) {
    return isError(error) ? error : new Error(String(error));
  }
  const reason = error.body?.error?.message ?? error.message;
  const status = error.statusCode;
  if (status === 403) {
    return new NotAllowedError(`You may not ${what}: ${reason}`, error);
  }
  const message = `Could not ${what} (the Airflow backend answered ${status}): ${reason}`;
  if (status === 404) return new NotFoundError(message, error);
  if (status === 409) return new ConflictError(message, error);
  if (status === 400 || status === 422) return new InputError(message, error);
  return new ServiceUnavailableError(message, error);
}
