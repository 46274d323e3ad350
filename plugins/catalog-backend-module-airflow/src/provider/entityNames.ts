import { createHash } from 'node:crypto';
import { KubernetesValidatorFunctions } from '@backstage/catalog-model';

/** The catalog's limit on `metadata.name`. */
export const MAX_ENTITY_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * A valid `metadata.name` for `value`: the value itself when the catalog
 * accepts it; otherwise its characters the catalog allows (others become
 * `-`), cut to fit, followed by `-` and 8 hex digits of its SHA-256, so that
 * two values never meet on one name and a value keeps its name across runs.
 */
export function toEntityName(value: string): string {
  if (KubernetesValidatorFunctions.isValidObjectName(value)) {
    return value;
  }
  const hash = createHash('sha256')
    .update(value)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const room = MAX_ENTITY_NAME_LENGTH - HASH_LENGTH - 1;
  const stem = value
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, room)
    // A name starts and ends with a letter or digit.
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return stem ? `${stem}-${hash}` : hash;
}

/** The Resource name of an environment. */
export function environmentEntityName(environment: string): string {
  return toEntityName(environment);
}

/** The Resource name of a DAG: `<environment>--<dagId>`, hashed when it does not fit. */
export function dagEntityName(environment: string, dagId: string): string {
  return toEntityName(`${environment}--${dagId}`);
}
