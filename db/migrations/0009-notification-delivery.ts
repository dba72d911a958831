import { sql, type Kysely } from 'kysely';

/**
 * Delivery bookkeeping on the outbox, so that a retried activity never sends twice: a row is claimed
 * (`sending`), then marked `sent`/`delivered`/`failed` with the provider's id, the attempts and the error.
 * `event_id` names the event a message answers (welcome, budget told, a decision...), `fallback_of` the
 * row whose failure it replaces (a letter after a failed email, a call task after a failed letter).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .addColumn('event_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('format', 'text')
    .addColumn('language', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('fallback_of', 'bigint')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .dropColumn('event_id')
    .dropColumn('reason')
    .dropColumn('format')
    .dropColumn('language')
    .dropColumn('attempts')
    .dropColumn('provider')
    .dropColumn('provider_id')
    .dropColumn('fallback_of')
    .dropColumn('delivered_at')
    .dropColumn('failed_at')
    .dropColumn('updated_at')
    .execute();
}
