// @ts-check

/**
 * What the notifier has sent (one row per run and state, or per waiting
 * approval), so that each is notified once across restarts and replicas,
 * and how far each environment's runs have been read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('airflow_notifications_sent', table => {
    table.comment('One row per notified run state or waiting approval');
    table
      .string('key', 64)
      .primary()
      .notNullable()
      .comment(
        'SHA-256 (hex) of kind, environment, DAG, run (task, map index) and state',
      );
    table.string('kind', 16).notNullable().comment('run or approval');
    table.string('environment', 255).notNullable();
    table.string('dag_id', 255).notNullable();
    table.string('run_id', 255).notNullable();
    table.string('state', 32).notNullable();
    table
      .string('claim_token', 36)
      .notNullable()
      .comment('The poll that claimed it; only that poll sends');
    table.timestamp('claimed_at', { useTz: true, precision: 3 }).notNullable();
    table
      .timestamp('sent_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('Null while the claiming poll sends it');
    table.index(['claimed_at'], 'airflow_notifications_sent_claimed_idx');
  });
  await knex.schema.createTable('airflow_notification_cursors', table => {
    table.comment('Where the next poll of an environment’s runs starts');
    table.string('environment', 255).primary().notNullable();
    table
      .timestamp('read_until', { useTz: true, precision: 3 })
      .notNullable()
      .comment('Runs that ended before this time have been read');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('airflow_notification_cursors');
  await knex.schema.dropTable('airflow_notifications_sent');
};
