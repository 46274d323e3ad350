import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  dagEntityName,
  environmentEntityName,
  MAX_ENTITY_NAME_LENGTH,
  toEntityName,
} from './entityNames';

const isValid = (name: string) =>
  KubernetesValidatorFunctions.isValidObjectName(name);

describe('entity names', () => {
  it('keeps a name the catalog accepts', () => {
    expect(environmentEntityName('data-prod')).toBe('data-prod');
    expect(dagEntityName('data-prod', 'orders_daily_load')).toBe(
      'data-prod--orders_daily_load',
    );
  });

  it('makes a valid, stable, distinct name of one the catalog refuses', () => {
    const names = ['dag.', 'a b', 'a-b', 'a/b'].map(id =>
      dagEntityName('x', id),
    );
    for (const name of names) {
      expect({ name, valid: isValid(name) }).toEqual({ name, valid: true });
    }
    expect(new Set(names).size).toBe(names.length);
    expect(dagEntityName('x', 'dag.')).toBe(names[0]);
    expect(names[0]).toMatch(/^x--dag-[0-9a-f]{8}$/);
    // Valid already: kept as it is.
    expect(names[2]).toBe('x--a-b');
  });

  it('cuts a long name to 63 characters and tells long names apart by their hash', () => {
    const long = 'a'.repeat(70);
    const first = dagEntityName('data-prod', `${long}_one`);
    const second = dagEntityName('data-prod', `${long}_two`);
    expect(first).toHaveLength(MAX_ENTITY_NAME_LENGTH);
    expect(isValid(first)).toBe(true);
    expect(first.slice(0, -9)).toBe(second.slice(0, -9));
    expect(first).not.toBe(second);
  });

  it('names a value without any allowed character by its hash', () => {
    expect(toEntityName('___')).toMatch(/^[0-9a-f]{8}$/);
  });
});
