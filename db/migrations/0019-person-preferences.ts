import type { Kysely } from 'kysely';

/** The person_preferences read model (db/projections/person-preferences.ts): preferences changed since opening. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person_preferences')
    .addColumn('journey_id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text')
    .addColumn('format', 'text')
    .addColumn('language', 'text')
    .addColumn('copy_to_representative', 'boolean')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_preferences').execute();
}
