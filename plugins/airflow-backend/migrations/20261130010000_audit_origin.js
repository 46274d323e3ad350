// @ts-check

/**
 * Where an attempt came from when another Backstage plugin acted on a user's
 * behalf (a scaffolder template, an assistant's tool call): the acting plugin
 * as the token proves it, and the reference that plugin gave (a task id).
 * Null for the portal's own UI and API calls.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table
      .string('origin', 512)
      .nullable()
      .comment(
        'Acting plugin (from the token) and its reference, e.g. "plugin:scaffolder task:<id>"',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('airflow_audit_records', table => {
    table.dropColumn('origin');
  });
};
