import type { Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { projectionTables, rebuildProjections } from '../../db/projections/rebuild';
import type { Database } from '../../db/schema';
import { createTimelineReader } from '../../db/queries/timeline';
import { createDatabase, dropDatabase } from '../support/databases';
import { DAY, T0, submit, toAssessment, toAwareness, toPlanning, writeScriptedJourney } from '../support/scripted-history';
import { testEnv } from '../support/test-env';

const at = (day: number) => new Date(T0 + day * DAY);

describe('projections of scripted histories', () => {
  let url: string;
  let db: Kysely<Database>;
  let readTimeline: ReturnType<typeof createTimelineReader>;
  const timeline = async (id: string, now: Date) => (await readTimeline(id, now))!;
  beforeAll(async () => {
    url = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_projections');
    db = connectDatabase({ url });
    await migrateToLatest(db);
    readTimeline = createTimelineReader(db, DAY);
  });
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(testEnv.adminDatabaseUrl, url);
  });

  it('splits a journey into stage spans and waits, excluding time on hold from the person’s wait', async () => {
    const id = await writeScriptedJourney(db, [
      ...toAwareness(2, 3),
      [5, { type: 'put_on_hold', reason: 'In hospital' }],
      [9, { type: 'resume' }],
      ...toAssessment(13, 14),
    ]);
    const result = await timeline(id, at(20));
    expect(result.stages).toEqual([
      {
        stage: 'referral',
        enteredAt: at(0).toISOString(),
        leftAt: at(3).toISOString(),
        days: 3,
        targetDays: 5,
        waitingOn: [{ party: 'coordinator', days: 3 }],
        breached: false,
      },
      // 11 days in awareness, 4 of them on hold: the person held the ball for 7.
      {
        stage: 'awareness',
        enteredAt: at(3).toISOString(),
        leftAt: at(14).toISOString(),
        days: 11,
        targetDays: 14,
        waitingOn: [{ party: 'person', days: 7 }],
        breached: false,
      },
      {
        stage: 'assessment',
        enteredAt: at(14).toISOString(),
        leftAt: null,
        days: 6,
        targetDays: 28,
        waitingOn: [{ party: 'assessor', days: 6 }],
        breached: false,
      },
    ]);
    expect(result.current).toEqual({ stage: 'assessment', days: 6, targetDays: 28, waitingOn: 'assessor', onHold: false });
  });

  it('marks a breach at twice the target, and counts a returned plan as a second planning span', async () => {
    const id = await writeScriptedJourney(db, [
      ...toAwareness(1, 1),
      ...toAssessment(2, 2),
      ...toPlanning(3, 3, 4),
      ...submit(10),
      [15, { type: 'return_plan', reasons: ['Cost the respite'] }],
      ...submit(75),
    ]);
    const result = await timeline(id, at(80));
    expect(result.stages.map((s) => [s.stage, s.days, s.breached])).toEqual([
      ['referral', 1, false],
      ['awareness', 1, false],
      ['assessment', 1, false],
      ['indicative_budget', 1, false],
      ['planning', 6, false],
      ['sign_off', 5, false],
      // Back in planning for 60 days against a 28-day target: past twice the target, a breach.
      ['planning', 60, true],
      ['sign_off', 5, false],
    ]);
    expect(result.stages[5]!.waitingOn).toEqual([{ party: 'approver', days: 5 }]);
  });

  it('forecasts from the pathway’s history when there is enough, pushed out when the stage runs late', async () => {
    // 25 journeys that each spent exactly 10 days in planning.
    for (let i = 0; i < 25; i += 1)
      await writeScriptedJourney(db, [...toAwareness(0, 0), ...toAssessment(0, 0), ...toPlanning(0, 0, 0), ...submit(10)]);
    const id = await writeScriptedJourney(db, [...toAwareness(0, 0), ...toAssessment(0, 0), ...toPlanning(0, 0, 0)]);
    const fresh = await timeline(id, at(0));
    const planning = fresh.forecast!.remaining[0]!;
    expect(planning).toMatchObject({ stage: 'planning', source: 'history', p50Days: 11, p90Days: 11 });
    expect(planning.basis).toBeGreaterThanOrEqual(25);
    // Sign-off and setup have no history on this pathway yet: the policy's targets, and the forecast says so.
    expect(fresh.forecast!.remaining.slice(1).map((s) => [s.stage, s.source, s.p50Days])).toEqual([
      ['sign_off', 'policy', 10],
      ['setup', 'policy', 14],
    ]);
    expect(fresh.forecast!.source).toBe('mixed');
    expect(fresh.forecast!.note).toMatch(/past journeys/);
    // Twenty days into a stage that usually takes ten, the forecast moves out and never into the past.
    const late = await timeline(id, at(20));
    expect(late.forecast!.remaining[0]!.source).toBe('policy');
    expect(Date.parse(late.forecast!.completionP50)).toBeGreaterThan(Date.parse(fresh.forecast!.completionP50));
    expect(Date.parse(late.forecast!.completionP50)).toBeGreaterThan(at(20).getTime());
  });

  it('rebuilds every projection from the events into tables equal to the live ones', async () => {
    await writeScriptedJourney(db, [
      ...toAwareness(1, 2),
      [3, { type: 'put_on_hold', reason: 'away' }],
      [8, { type: 'resume' }],
      [9, { type: 'withdraw', reason: 'moved away' }],
    ]);
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          projectionTables.map(
            async (table) => [table, (await db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort()] as const,
          ),
        ),
      );
    const live = await snapshot();
    expect(live.journeys!.length).toBeGreaterThan(25);
    const { events } = await rebuildProjections(db, { policyDayMs: DAY, batchSize: 97 });
    expect(events).toBeGreaterThan(500);
    expect(await snapshot()).toEqual(live);
  });
});
