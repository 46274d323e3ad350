// @ts-check

/**
 * Run actions (clear, mark state, note) name the task instances they target
 * or affected; a retried request (same request id) is found by its id.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table
      .text('task_ids')
      .nullable()
      .comment('JSON array of the task ids a run action targeted or affected');
    table.index(
      ['actor', 'request_id'],
      'airflow_audit_records_actor_request_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table.dropIndex(
      ['actor', 'request_id'],
      'airflow_audit_records_actor_request_idx',
    );
    table.dropColumn('task_ids');
  });
};
