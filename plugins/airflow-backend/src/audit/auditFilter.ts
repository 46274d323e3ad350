import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { Knex } from 'knex';
import type { AuditRecordCriterion, AuditRecordFilter } from './types';

export const AUDIT_TABLE = 'airflow_audit_records';
export const AUDIT_OWNERS_TABLE = 'airflow_audit_record_owners';

/** Owner refs as stored: lower-cased, like the rules compare them. */
export const normaliseOwnerRef = (ref: string) =>
  ref.toLocaleLowerCase('en-US');

/**
 * Narrows `query` (on the records table) to what `filter` selects: allOf,
 * anyOf and not become AND, OR and NOT groups, each criterion a condition on
 * a column or on the record's owners, the way the catalog turns the
 * conditions of a decision into its query. An empty list matches nothing.
 */
export function applyAuditFilter(
  knex: Knex,
  query: Knex.QueryBuilder,
  filter: AuditRecordFilter,
): void {
  if (isAndCriteria(filter)) {
    query.where(all => {
      for (const inner of filter.allOf) {
        all.andWhere(sub => applyAuditFilter(knex, sub, inner));
      }
    });
  } else if (isOrCriteria(filter)) {
    query.where(any => {
      for (const inner of filter.anyOf) {
        any.orWhere(sub => applyAuditFilter(knex, sub, inner));
      }
    });
  } else if (isNotCriteria(filter)) {
    query.whereNot(sub => applyAuditFilter(knex, sub, filter.not));
  } else {
    applyCriterion(knex, query, filter);
  }
}

function applyCriterion(
  knex: Knex,
  query: Knex.QueryBuilder,
  criterion: AuditRecordCriterion,
): void {
  if (criterion.values.length === 0) {
    query.whereRaw('1 = 0');
    return;
  }
  if (criterion.key === 'environment') {
    query.whereIn(`${AUDIT_TABLE}.environment`, criterion.values);
    return;
  }
  query.whereExists(
    knex(AUDIT_OWNERS_TABLE)
      .select(knex.raw('1'))
      .whereRaw('??.?? = ??.??', [
        AUDIT_OWNERS_TABLE,
        'record_id',
        AUDIT_TABLE,
        'id',
      ])
      .whereIn('owner_ref', criterion.values.map(normaliseOwnerRef)),
  );
}
