import { sql, type Kysely } from 'kysely';

/**
 * The command that produced each event (the API's update id), so that a command whose events were stored
 * but whose answer was lost (a crash between the append and Temporal recording it) is recognised when it
 * is sent again, and not applied twice. Null for events of earlier appends and of the workflow's own timers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events add column command_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events drop column command_id`.execute(db);
}
