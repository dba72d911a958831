import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { toStoredEvent, type StoredEvent } from './events';

/** A stream's events in order, optionally from a version on. */
export async function readStream(db: Kysely<Database>, streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '=', streamId)
    .where('version', '>=', fromVersion)
    .orderBy('version')
    .execute();
  return rows.map(toStoredEvent);
}

/** The stream's version, 0 when it does not exist. */
export async function streamVersion(db: Kysely<Database>, streamId: string): Promise<number> {
  const row = await db.selectFrom('streams').select('version').where('stream_id', '=', streamId).executeTakeFirst();
  return row?.version ?? 0;
}
