import { Client, Connection } from '@temporalio/client';
import { journeyWorkflowId } from '../../domain/ids';
import { journeyDriver, type StoredEventView } from '../support/journey-driver';
import { testEnv } from '../support/test-env';
import { startTestSystem, type TestSystem } from '../support/test-system';

const DAY = 100; // ms per policy day in these tests
// Timers fire at or after their time; on the dev server on 2 cores a few hundred ms after (see BENCHMARKS.md).
const LATENESS_BOUND_MS = 2000;
const at = (event: StoredEventView) => Date.parse(event.occurredAt);
const reminders = (events: StoredEventView[], prefix = '') =>
  events.filter((e) => e.type === 'reminder_sent' && String(e.data.key).startsWith(prefix));

describe('reminders and escalations as durable timers', () => {
  let system: TestSystem;
  let drive: ReturnType<typeof journeyDriver>;
  beforeAll(async () => {
    system = await startTestSystem({ POLICY_DAY_MS: String(DAY) });
    drive = journeyDriver(system);
  });
  afterAll(() => system.stop());

  it('nudges the person at 7 and 14 days, then a letter and a coordinator task at 21, then a breach at 28; never early, never twice', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'awareness');
    const entered = (await drive.events(id)).filter((e) => e.type === 'stage_changed' && e.data.to === 'awareness')[0]!;
    const events = await drive.waitForEvents(id, (es) => reminders(es, 'awareness:').some((e) => e.data.kind === 'breach'));

    const fired = reminders(events, 'awareness:');
    const due: Record<string, number> = { person_reminder: 0, person_letter: 21, coordinator_task: 21, breach: 28 };
    const nudges = fired.filter((e) => e.data.kind === 'person_reminder');
    // Keyed by the stage entry's version: a referral reminder on a slow machine may come before it.
    expect(nudges.map((e) => e.data.key)).toEqual([
      `awareness:${entered.version}:person_reminder:7`,
      `awareness:${entered.version}:person_reminder:14`,
    ]);
    expect(
      fired
        .slice(2)
        .map((e) => e.data.kind)
        .sort(),
    ).toEqual(['breach', 'coordinator_task', 'person_letter']);
    expect(fired.map((e) => e.data.to).sort()).toEqual(['coordinator', 'manager', 'person', 'person', 'person']);
    expect(new Set(fired.map((e) => e.data.key)).size).toBe(fired.length);
    for (const event of fired) {
      const dueAt =
        at(entered) +
        (event.data.kind === 'person_reminder' ? Number(String(event.data.key).split(':').pop()) : due[event.data.kind]!) * DAY;
      expect(at(event)).toBeGreaterThanOrEqual(dueAt);
      expect(at(event) - dueAt).toBeLessThan(LATENESS_BOUND_MS);
    }
    expect(fired.every((e) => e.actor.role === 'system')).toBe(true);

    // Each fired point is in the outbox once, in the person's own channel (or a task for staff).
    // The outbox row follows its event (the notify activity runs after the append): wait for all five, the
    // staff ones settled on their task lists.
    const readOutbox = () =>
      system.db.selectFrom('notifications').selectAll().where('journey_id', '=', id).where('due_key', 'like', 'awareness:%').execute();
    const settled = (rows: { channel: string; status: string }[]) =>
      rows.length >= fired.length && rows.every((row) => row.channel !== 'task' || row.status === 'sent');
    let outbox = await readOutbox();
    for (const deadline = Date.now() + LATENESS_BOUND_MS * 5; !settled(outbox) && Date.now() < deadline; outbox = await readOutbox())
      await new Promise((resolve) => setTimeout(resolve, 100));
    // A staff message is delivered by being on a task list, even when nothing sends the person's messages.
    expect(outbox.map((n) => `${n.kind}:${n.channel}:${n.status}`).sort()).toEqual([
      'breach:task:sent',
      'coordinator_task:task:sent',
      'person_letter:letter:queued',
      'person_reminder:email:queued',
      'person_reminder:email:queued',
    ]);
    const tasks = await system.db.selectFrom('tasks').select(['task_id', 'kind', 'role']).where('journey_id', '=', id).execute();
    for (const row of outbox.filter((n) => n.channel === 'task')) {
      expect(row.provider).toBe('task_list');
      expect(tasks.find((task) => task.task_id === row.provider_id)).toMatchObject(
        row.kind === 'breach' ? { kind: 'breach', role: 'manager' } : { kind: 'call_or_visit', role: 'coordinator' },
      );
    }
    const listed = await system.request('GET', `/api/journeys/${id}/notifications`);
    expect(listed.status).toBe(200);
    expect(listed.body.notifications.filter((n: { reason: string }) => n.reason.startsWith('awareness:'))).toHaveLength(5);
    expect(listed.body.notifications[0]).toMatchObject({ channel: expect.any(String), template: expect.any(String), status: 'queued' });
  });

  it('stops every reminder of a stage the moment the stage moves on', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'awareness');
    const entered = at((await drive.events(id)).filter((e) => e.type === 'stage_changed' && e.data.to === 'awareness')[0]!);
    await drive.waitForEvents(id, (es) => reminders(es, 'awareness:').length === 1);
    await drive.send(id, { type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    await drive.send(id, { type: 'record_decision', decision: 'proceed' });
    // Wait past the moment every awareness point would have fired, until the next stage's own timer fires.
    const later = await drive.waitForEvents(
      id,
      (es) => reminders(es, 'assessment:').length > 0 && Date.now() > entered + 28 * DAY + LATENESS_BOUND_MS,
    );
    // On a loaded machine the 14-day nudge may beat the two commands; none may come after the move.
    const moved = at(later.find((e) => e.type === 'stage_changed' && e.data.to === 'assessment')!);
    const awareness = reminders(later, 'awareness:');
    expect(awareness.length).toBeGreaterThanOrEqual(1);
    expect(awareness.length).toBeLessThan(5);
    for (const reminder of awareness) expect(at(reminder)).toBeLessThan(moved);
  });

  it('pauses person-held clocks while the journey is on hold, and resumes them after', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'awareness');
    const entered = at((await drive.events(id)).filter((e) => e.type === 'stage_changed' && e.data.to === 'awareness')[0]!);
    await drive.send(id, { type: 'put_on_hold', reason: 'In hospital' });
    // The hold lasts ten policy days: the scenario's input, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, 10 * DAY));
    await drive.send(id, { type: 'resume' });
    const events = await drive.waitForEvents(id, (es) => reminders(es, 'awareness:').length > 0);
    const held = events.find((e) => e.type === 'journey_put_on_hold')!;
    const resumed = events.find((e) => e.type === 'journey_resumed')!;
    const first = reminders(events, 'awareness:')[0]!;
    const heldMs = at(resumed) - at(held);
    expect(heldMs).toBeGreaterThanOrEqual(10 * DAY);
    // The 7-day nudge moved later by exactly the time on hold, and nothing fired while on hold.
    expect(at(first)).toBeGreaterThanOrEqual(entered + 7 * DAY + heldMs);
    expect(at(first)).toBeGreaterThan(at(resumed));
    expect(at(first) - (entered + 7 * DAY + heldMs)).toBeLessThan(LATENESS_BOUND_MS);
  });
});

describe('reviews', () => {
  const REVIEW_DAY = 10;
  let system: TestSystem;
  let drive: ReturnType<typeof journeyDriver>;
  beforeAll(async () => {
    system = await startTestSystem({ POLICY_DAY_MS: String(REVIEW_DAY) });
    drive = journeyDriver(system);
  });
  afterAll(() => system.stop());

  it('invites the person, starts the review when due, and continues as new after the cycle with the timers intact', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'active');
    const events = await drive.waitForEvents(id, (es) => es.some((e) => e.type === 'review_started'));
    const invitation = reminders(events).find((e) => e.data.kind === 'review_invitation');
    const started = events.find((e) => e.type === 'review_started')!;
    expect(invitation).toBeDefined();
    expect(at(invitation!)).toBeLessThanOrEqual(at(started));
    expect(started.data.trigger).toBe('scheduled');

    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      const handle = new Client({ connection }).workflow.getHandle(journeyWorkflowId(id));
      const firstRun = (await handle.describe()).runId;
      await drive.send(id, { type: 'record_advice_offer', outcome: 'declined' });
      const kept = await drive.send(id, { type: 'complete_review', outcome: 'keep', notes: 'Plan working well' });
      expect(kept.body.stage).toBe('active');

      // A new run carries the journey on: the next review falls due on the new run's timers.
      const next = await drive.waitForEvents(id, (es) => es.filter((e) => e.type === 'review_started').length === 2, 60_000);
      const secondRun = await handle.describe();
      expect(secondRun.runId).not.toBe(firstRun);
      expect(secondRun.status.name).toBe('RUNNING');
      expect(next.map((e) => e.version)).toEqual(next.map((_, i) => i + 1));
      expect(new Set(next.map((e) => e.eventId)).size).toBe(next.length);
    } finally {
      await connection.close();
    }
  });
});
