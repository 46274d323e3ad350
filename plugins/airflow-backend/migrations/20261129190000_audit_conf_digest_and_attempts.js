// @ts-check

/**
 * Denied and rejected attempts keep a digest and size of their conf instead
 * of the conf itself, and identical denied attempts within a minute share one
 * row with a count; unknown outcomes are found for reconciliation.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table
      .string('conf_sha256', 64)
      .nullable()
      .comment('SHA-256 (hex) of the redacted conf as JSON');
    table
      .integer('conf_bytes')
      .nullable()
      .comment('Size of the conf as sent, bytes of JSON');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(1)
      .comment('Identical denied attempts within a minute counted in one row');
    table.index(['outcome', 'created_at'], 'airflow_audit_records_outcome_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table.dropIndex(
      ['outcome', 'created_at'],
      'airflow_audit_records_outcome_idx',
    );
    table.dropColumn('conf_sha256');
    table.dropColumn('conf_bytes');
    table.dropColumn('attempts');
  });
};
