// @ts-check

/**
 * The audit trail of Airflow actions (trigger, pause, unpause).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('airflow_audit_records', table => {
    table.comment('One row per attempted Airflow action');
    table.string('id', 36).primary().notNullable();
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When the attempt started');
    table.timestamp('completed_at', { useTz: true, precision: 3 }).nullable();
    table.string('actor', 512).notNullable().comment('User entity ref');
    table.string('action', 32).notNullable();
    table.string('environment', 255).notNullable();
    table.string('dag_id', 255).notNullable();
    table.string('entity_ref', 512).notNullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('pending, succeeded, failed, denied, rejected');
    table.integer('upstream_status').nullable();
    table.string('run_id', 255).nullable();
    table.text('conf').nullable().comment('JSON, redacted and size-limited');
    table.text('error').nullable();
    table.string('request_id', 255).nullable();
    table.index(['created_at', 'id'], 'airflow_audit_records_created_idx');
    table.index(['actor'], 'airflow_audit_records_actor_idx');
    table.index(
      ['environment', 'dag_id'],
      'airflow_audit_records_environment_dag_idx',
    );
    table.index(['entity_ref'], 'airflow_audit_records_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('airflow_audit_records');
};
