import { sql } from 'kysely';
import type { Principal } from '../../api/auth';
import { coordinator, manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

interface Entry {
  at: string;
  actor: { sub: string; role: string };
  action: string;
  outcome: string;
  status: number;
}

describe('the audit trail: every read and write of a journey, append-only', () => {
  let system: TestSystem;
  let journeyId: string;
  const outsider: Principal = { sub: 'olly', role: 'coordinator', teams: ['south'] };
  const admin: Principal = { sub: 'root', role: 'admin', teams: [] };
  beforeAll(async () => {
    system = await startTestSystem();
    journeyId = (await system.request('POST', '/api/journeys', { body: openJourneyBody() })).body.journeyId;
  });
  afterAll(() => system.stop());

  const trail = async (as: Principal = manager, query = '') => system.request('GET', `/api/journeys/${journeyId}/audit${query}`, { as });

  it('records who did what to which journey, when, and the outcome, including refused and hidden attempts', async () => {
    const person: Principal = { sub: 'pat', role: 'person', teams: [], journeyId };
    const started = Date.now();
    await system.request('GET', `/api/journeys/${journeyId}`);
    await system.request('GET', `/api/journeys/${journeyId}/events`, { as: person });
    await system.request('GET', `/api/journeys/${journeyId}/timeline`, { as: outsider });
    await system.request('POST', `/api/journeys/${journeyId}/commands`, { body: { type: 'assign_coordinator', coordinator: 'alice' } });
    await system.request('POST', `/api/journeys/${journeyId}/commands`, { body: { type: 'approve_plan' } });
    await system.request('POST', `/api/journeys/${journeyId}/commands`, { body: { type: 'record_decision', decision: 'proceed' }, as: person });
    await system.request('GET', '/api/journeys?limit=200');

    const { status, body } = await trail();
    expect(status).toBe(200);
    const entries = body.entries as Entry[];
    const seen = entries.map((e) => [e.actor.sub, e.actor.role, e.action, e.outcome, e.status]).reverse();
    expect(seen).toEqual([
      ['alice', 'coordinator', 'open journey', 'done', 201],
      ['alice', 'coordinator', 'read journey', 'done', 200],
      ['pat', 'person', 'read events', 'done', 200],
      ['olly', 'coordinator', 'read timeline', 'not_found', 404],
      ['alice', 'coordinator', 'command assign_coordinator', 'done', 200],
      ['alice', 'coordinator', 'command approve_plan', 'forbidden', 403],
      ['pat', 'person', 'command record_decision', 'refused', 409],
      ['alice', 'coordinator', 'list journeys', 'done', 200],
    ]);
    for (const entry of entries) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started - 60_000);
  });

  it('is for managers and admins: others are refused, and reading it is itself recorded', async () => {
    expect((await trail(coordinator)).status).toBe(403);
    expect((await trail({ sub: 'pat', role: 'person', teams: [], journeyId })).status).toBe(403);
    const asAdmin = await trail(admin);
    expect(asAdmin.status).toBe(200);
    // Refused attempts at the trail are on it too, newest first, as is the manager's earlier read.
    const recent = (asAdmin.body.entries as Entry[]).map((e) => [e.actor.sub, e.action, e.outcome]);
    expect(recent.slice(0, 2)).toEqual([
      ['pat', 'read audit', 'forbidden'],
      ['alice', 'read audit', 'forbidden'],
    ]);
    expect(recent).toContainEqual(['morgan', 'read audit', 'done']);
    expect((await system.request('GET', '/api/journeys/no-such-journey/audit', { as: manager })).status).toBe(404);
    expect((await trail(manager, '?limit=0')).body.error.issues[0].path).toBe('limit');
  });

  it('pages newest first with a cursor', async () => {
    const first = await trail(manager, '?limit=2');
    expect(first.body.entries).toHaveLength(2);
    const second = await trail(manager, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(Date.parse(second.body.entries[0].at)).toBeLessThanOrEqual(Date.parse(first.body.entries[1].at));
    expect(second.body.entries).not.toContainEqual(first.body.entries[1]);
  });

  it('cannot be changed: the database refuses updates, deletes and truncation', async () => {
    await expect(sql`update audit_log set outcome = 'done'`.execute(system.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(system.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(system.db)).rejects.toThrow(/append-only/);
    const { rows } = await sql<{ n: string }>`select count(*) as n from audit_log where journey_id = ${journeyId}`.execute(system.db);
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(8);
  });
});

describe('the audit trail of analytics lists that name journeys', () => {
  let system: TestSystem;
  // Short policy days: a referral's 5-day target passes in a second, so the journey shows as stalled.
  beforeAll(async () => {
    system = await startTestSystem({ POLICY_DAY_MS: '200' });
  });
  afterAll(() => system.stop());

  it('records each journey a stalled list shows as read by whoever listed it', async () => {
    const journeyId = (await system.request('POST', '/api/journeys', { body: openJourneyBody(), as: manager })).body.journeyId;
    const deadline = Date.now() + 20_000;
    let listed: string[] = [];
    while (!listed.includes(journeyId)) {
      if (Date.now() > deadline) throw new Error('the journey never showed as stalled');
      await new Promise((resolve) => setTimeout(resolve, 200));
      listed = (await system.request('GET', '/api/analytics/stalled?limit=200', { as: manager })).body.journeys.map((j: { journeyId: string }) => j.journeyId);
    }
    const entries = (await system.request('GET', `/api/journeys/${journeyId}/audit?limit=1000`, { as: manager })).body.entries as Entry[];
    expect(entries.filter((e) => e.action === 'list stalled').map((e) => [e.actor.sub, e.outcome])).toContainEqual(['morgan', 'done']);
    // A coordinator of another team cannot list it, so no read of it is recorded for them.
    const other: Principal = { sub: 'olly', role: 'coordinator', teams: ['south'] };
    const theirs = (await system.request('GET', '/api/analytics/stalled', { as: other })).body.journeys as { journeyId: string }[];
    expect(theirs.map((j) => j.journeyId)).not.toContain(journeyId);
  });
});
