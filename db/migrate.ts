import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as eventStore from './migrations/0001-event-store';
import * as journeys from './migrations/0002-journeys';
import * as notifications from './migrations/0003-notifications';
import * as timelines from './migrations/0004-timelines';
import * as analytics from './migrations/0005-analytics';
import * as notes from './migrations/0006-notes';
import * as dashboardIndexes from './migrations/0007-dashboard-indexes';
import * as stageTotals from './migrations/0008-stage-totals';
import * as auditLog from './migrations/0010-audit-log';
import * as notificationDelivery from './migrations/0009-notification-delivery';
import * as rollupCounters from './migrations/0011-rollup-counters';
import * as zeroCounterIndexes from './migrations/0012-zero-counter-indexes';
import * as eventCommandIds from './migrations/0013-event-command-ids';
import * as auditJourneyLists from './migrations/0014-audit-journey-lists';
import * as openJourneysListing from './migrations/0015-open-journeys-listing';
import * as appendFunctions from './migrations/0016-append-functions';
import * as sessionsAndPersonLinks from './migrations/0017-sessions-and-person-links';
import * as tasks from './migrations/0018-tasks';
import * as personPreferences from './migrations/0019-person-preferences';
import { appendStreamEventsFunction } from './event-store/append-function';
import { installServerFunctions } from './install-server-functions';
import { writeJourneyProjectionsFunction } from './projections/write-function';

/** Migrations in code, in order: no file-system scanning, so they work the same under tsx, jest and a bundle. */
const migrations: Record<string, Migration> = {
  '0001-event-store': eventStore,
  '0002-journeys': journeys,
  '0003-notifications': notifications,
  '0004-timelines': timelines,
  '0005-analytics': analytics,
  '0006-notes': notes,
  '0007-dashboard-indexes': dashboardIndexes,
  '0008-stage-totals': stageTotals,
  '0010-audit-log': auditLog,
  '0009-notification-delivery': notificationDelivery,
  '0011-rollup-counters': rollupCounters,
  '0012-zero-counter-indexes': zeroCounterIndexes,
  '0013-event-command-ids': eventCommandIds,
  '0014-audit-journey-lists': auditJourneyLists,
  '0015-open-journeys-listing': openJourneysListing,
  '0016-append-functions': appendFunctions,
  '0017-sessions-and-person-links': sessionsAndPersonLinks,
  '0018-tasks': tasks,
  '0019-person-preferences': personPreferences,
};

/**
 * Applies every pending migration (throws with the failing migration's name), then installs the
 * server-side functions of the append path, whose SQL is derived from code that changes with the read
 * models: a migration would have to copy it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any database's Kysely, whatever its schema type
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet['results']> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  await installServerFunctions(db, [appendStreamEventsFunction, writeJourneyProjectionsFunction]);
  return results;
}
