import { sql, type Kysely } from 'kysely';

/**
 * Sessions and personal links held by the server, so that each can be ended at once: signing out ends a
 * session everywhere, and a coordinator revokes a personal link (and the session it opened) at once. Only
 * a hash of each secret is kept: a copy of this table opens nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person_links')
    .addColumn('link_id', 'uuid', (c) => c.primaryKey())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'jsonb')
    .execute();
  await db.schema.createIndex('person_links_journey').on('person_links').columns(['journey_id', 'created_at']).execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('principal', 'jsonb', (c) => c.notNull())
    // The personal link a person's session was opened with: revoking the link ends the session.
    .addColumn('link_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('web_sessions_link').on('web_sessions').column('link_id').where(sql.ref('link_id'), 'is not', null).execute();
  await db.schema.createIndex('web_sessions_expiry').on('web_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('web_sessions').execute();
  await db.schema.dropTable('person_links').execute();
}
