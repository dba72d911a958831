import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { readStream } from '../../db/event-store';
import { migrateToLatest } from '../../db/migrate';
import { toRecordedEvent } from '../../db/projections/journey-changes';
import type { Database } from '../../db/schema';
import { fold } from '../../domain/evolve';
import { isValidNhsNumber } from '../../domain/nhs-number';
import { journeyStreamId } from '../../domain/ids';
import { initialState } from '../../domain/state';
import { stages } from '../../domain/vocabulary';
import { generateWorkload, type WorkloadResult } from '../../workload';
import { createDatabase, dropDatabase } from '../support/databases';
import { testEnv } from '../support/test-env';

const NOW = new Date('2026-01-15T12:00:00.000Z');
const JOURNEYS = 300;

describe('synthetic workload written through the event store', () => {
  let url: string;
  let db: Kysely<Database>;
  let result: WorkloadResult;
  const progress: number[] = [];

  beforeAll(async () => {
    // A database of its own: the counts below are this workload's and nothing else's.
    url = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_workload');
    db = connectDatabase({ url, maxConnections: 10 });
    await migrateToLatest(db);
    result = await generateWorkload(db, {
      journeys: JOURNEYS,
      seed: 11,
      now: NOW,
      batchSize: 100,
      onProgress: (p) => progress.push(p.journeys),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    if (url) await dropDatabase(testEnv.adminDatabaseUrl, url);
  });

  it('writes every journey, its events and its person, and reports progress', async () => {
    const count = async (table: 'streams' | 'events' | 'journeys' | 'people') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select(sql<string>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(result.journeys).toBe(JOURNEYS);
    expect(await count('streams')).toBe(JOURNEYS);
    expect(await count('journeys')).toBe(JOURNEYS);
    expect(await count('people')).toBe(JOURNEYS);
    expect(await count('events')).toBe(result.events);
    expect(result.events / JOURNEYS).toBeGreaterThan(15);
    expect(progress).toEqual([100, 200, 300]);
  });

  it('numbers every stream gap-free from 1, with the stream row at its last version', async () => {
    const { rows } = await sql<{ stream_id: string; n: string; low: number; high: number; version: number }>`
      select e.stream_id, count(*) as n, min(e.version) as low, max(e.version) as high, s.version
      from events e join streams s using (stream_id) group by e.stream_id, s.version`.execute(db);
    expect(rows).toHaveLength(JOURNEYS);
    const broken = rows.filter((r) => r.low !== 1 || Number(r.n) !== r.high || r.version !== r.high);
    expect(broken).toEqual([]);
  });

  it('keeps each journey row equal to the fold of its events', async () => {
    const rows = await db.selectFrom('journeys').select(['journey_id', 'state', 'stage', 'status', 'version']).execute();
    for (const row of rows) {
      const events = await readStream(db, journeyStreamId(row.journey_id));
      const state = fold(events.map(toRecordedEvent), initialState);
      expect(row.state).toEqual(JSON.parse(JSON.stringify(state)));
      expect([row.stage, row.status, row.version]).toEqual([state.stage, state.status, state.version]);
    }
  });

  it('backdates events over about three years, up to now and never after', async () => {
    const { oldest, newest } = await db
      .selectFrom('events')
      .select([sql<Date>`min(occurred_at)`.as('oldest'), sql<Date>`max(occurred_at)`.as('newest')])
      .executeTakeFirstOrThrow();
    expect(newest.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - oldest.getTime()).toBeGreaterThan(2.5 * 365 * 86_400_000);
  });

  it('has the mix it reports, with journeys open at several stages and closed for several reasons', async () => {
    const byStage = await db
      .selectFrom('journeys')
      .select(['stage', sql<string>`count(*)`.as('n')])
      .groupBy('stage')
      .execute();
    const counts = Object.fromEntries(stages.map((s) => [s, 0]));
    for (const row of byStage) counts[row.stage] = Number(row.n);
    // The read model, folded from the stored events, agrees with the generator's own fold.
    expect(counts).toEqual(result.mix.stagesAtNow);
    expect(counts.active).toBeGreaterThan(0);
    expect(counts.closed).toBeGreaterThan(0);
    expect(stages.filter((s) => s !== 'closed' && counts[s]! > 0).length).toBeGreaterThanOrEqual(5);
    const reasons = await db
      .selectFrom('journeys')
      .select(sql<string>`state->>'closedReason'`.as('reason'))
      .where('status', '=', 'closed')
      .distinct()
      .execute();
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['declined', 'ineligible', 'ended']));
  });

  it('gives every journey an obviously synthetic person with a test-range NHS number', async () => {
    const people = await db.selectFrom('people').select(['name', 'nhs_number', 'journey_id']).execute();
    expect(people.every((p) => /^Synthetic Person \d+$/.test(p.name))).toBe(true);
    expect(people.every((p) => p.nhs_number.startsWith('999') && isValidNhsNumber(p.nhs_number))).toBe(true);
    const orphans = await db
      .selectFrom('people')
      .leftJoin('journeys', 'journeys.journey_id', 'people.journey_id')
      .where('journeys.journey_id', 'is', null)
      .select('people.journey_id')
      .execute();
    expect(orphans).toEqual([]);
  });
});
