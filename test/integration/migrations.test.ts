import { sql } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { createDatabase, dropDatabase } from '../support/databases';
import { testEnv } from '../support/test-env';

describe('migrations', () => {
  it('build the whole schema on an empty database, and a second run does nothing', async () => {
    const url = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_migrations');
    const db = connectDatabase({ url });
    try {
      const first = await migrateToLatest(db);
      expect(first?.map((r) => [r.migrationName, r.status])).toEqual([
        ['0001-event-store', 'Success'],
        ['0002-journeys', 'Success'],
        ['0003-notifications', 'Success'],
        ['0004-timelines', 'Success'],
        ['0005-analytics', 'Success'],
        ['0006-notes', 'Success'],
        ['0007-dashboard-indexes', 'Success'],
        ['0008-stage-totals', 'Success'],
        ['0009-notification-delivery', 'Success'],
        ['0010-audit-log', 'Success'],
        ['0011-rollup-counters', 'Success'],
        ['0012-zero-counter-indexes', 'Success'],
        ['0013-event-command-ids', 'Success'],
        ['0014-audit-journey-lists', 'Success'],
        ['0015-open-journeys-listing', 'Success'],
        ['0016-append-functions', 'Success'],
        ['0017-sessions-and-person-links', 'Success'],
        ['0018-tasks', 'Success'],
        ['0019-person-preferences', 'Success'],
      ]);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['events', 'streams', 'journeys', 'people', 'idempotency_keys', 'notifications']),
      );
      const constraints = await sql<{ conname: string }>`
        select conname from pg_constraint where conrelid = 'events'::regclass and contype = 'u' order by conname`.execute(db);
      expect(constraints.rows.map((r) => r.conname)).toEqual(['events_event_id_key', 'events_stream_version_key']);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
      await dropDatabase(testEnv.adminDatabaseUrl, url);
    }
  });
});
