// @ts-check

/**
 * The owners of each audit record's entity as they were when the attempt was
 * recorded, so that a policy can let a team read
 * the records of what it owns (`IS_AUDIT_RECORD_OF_OWNED_ENTITY`). One row
 * per record and owner, refs lower-cased, looked up by owner.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('airflow_audit_record_owners', table => {
    table.comment('Owners of an audit record’s entity when recorded');
    table
      .string('record_id', 36)
      .notNullable()
      .references('id')
      .inTable('airflow_audit_records')
      .onDelete('CASCADE');
    table
      .string('owner_ref', 512)
      .notNullable()
      .comment('Entity ref of an owner, lower-cased');
    table.primary(['record_id', 'owner_ref']);
    table.index(['owner_ref'], 'airflow_audit_record_owners_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('airflow_audit_record_owners');
};
