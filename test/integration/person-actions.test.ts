import type { Principal } from '../../app/principal';
import { journeyDriver } from '../support/journey-driver';
import { eventually } from '../support/mailbox';
import { manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * What the person can do themselves (domain.md), through the API as their own page sends it: each is an
 * event attributed to them, later messages follow what they chose, and their coordinator gets a task.
 * Short policy days (a day is 150 ms), so that the awareness reminders come within seconds.
 */
describe("the person's own actions", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ POLICY_DAY_MS: '150' });
  });
  afterAll(() => system.stop());

  const personOf = (journeyId: string): Principal => ({ sub: `person:${journeyId}`, role: 'person', teams: [], journeyId });
  const outbox = (journeyId: string) =>
    system.db.selectFrom('notifications').selectAll().where('journey_id', '=', journeyId).orderBy('id').execute();

  it('changes how they hear from us: the next reminder comes as a letter, with no copy to the representative, and the coordinator is told', async () => {
    const drive = journeyDriver(system);
    const body = openJourneyBody();
    const id = await drive.open({
      person: {
        ...body.person,
        contact: { email: 'ada@example.org', address: '3 Mill Lane, Hull, HU1 3CC' },
        representative: { name: 'Ben Example', relationship: 'son', contact: { email: 'ben@example.org' } },
      },
    });
    await drive.send(id, { type: 'assign_coordinator', coordinator: 'alice' });
    const changed = await system.request('POST', `/api/journeys/${id}/commands`, {
      as: personOf(id),
      body: { type: 'update_preferences', channel: 'letter', format: 'large_print', copyToRepresentative: false },
    });
    expect(changed.status).toBe(200);
    const events = await drive.events(id);
    const updated = events.find((e) => e.type === 'preferences_updated')!;
    expect(updated).toMatchObject({
      actor: { sub: `person:${id}`, role: 'person' },
      data: { channel: 'letter', format: 'large_print', copyToRepresentative: false },
    });
    // What the person did is work for their coordinator.
    expect(events.find((e) => e.type === 'task_opened' && e.version > updated.version)).toMatchObject({
      data: { kind: 'coordinator_reminder', role: 'coordinator', assignee: 'alice' },
    });

    await drive.send(id, { type: 'record_consent', given: true, by: 'person' });
    const rows = await eventually(
      async () => ((all) => (all.some((row) => row.kind === 'person_reminder') ? all : undefined))(await outbox(id)),
      async () => JSON.stringify((await outbox(id)).map((row) => [row.due_key, row.channel])),
    );
    const reminders = rows.filter((row) => row.kind === 'person_reminder');
    // (A slow machine may have reached the 14-day nudge too: each is a large-print letter to the person alone.)
    expect(new Set(reminders.map((row) => `${row.recipient}:${row.channel}:${row.format}`))).toEqual(
      new Set(['person:letter:large_print']),
    );
    // The welcome, sent before the change, went by email and to the representative as well.
    expect(rows.filter((row) => row.template === 'welcome').map((row) => `${row.recipient}:${row.channel}`)).toEqual([
      'person:email',
      'representative:email',
    ]);
  });

  it('refuses a channel the record cannot reach (409, saying what to add), and changes nothing', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    const before = (await drive.events(id)).length;
    const refused = await system.request('POST', `/api/journeys/${id}/commands`, {
      as: personOf(id),
      body: { type: 'update_preferences', channel: 'sms' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'no_contact_for_channel', message: expect.stringMatching(/mobile number/) });
    expect(await drive.events(id)).toHaveLength(before);
  });

  it('asks for independent advice: an event with no free text in it, the words beside the log, and a task for the coordinator', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    await drive.send(id, { type: 'assign_coordinator', coordinator: 'alice' });
    const asked = await system.request('POST', `/api/journeys/${id}/commands`, {
      as: personOf(id),
      body: { type: 'request_advice', about: 'Whether a direct payment suits my mum' },
    });
    expect(asked.status).toBe(200);
    const events = await drive.events(id);
    const advice = events.find((e) => e.type === 'advice_requested')!;
    expect(advice).toMatchObject({ actor: { role: 'person' }, data: {} });
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('direct payment suits');
    const tasks = (await system.request('GET', `/api/tasks?journeyId=${id}&status=open`, { as: manager })).body.tasks;
    expect(tasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'coordinator_reminder', assignee: 'alice', reason: expect.stringMatching(/independent advice/) }),
      ]),
    );
  });
});
