import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../app/principal';
import { journeyDriver } from '../support/journey-driver';
import { coordinator, manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient } from '../support/web-client';

interface Entry {
  at: string;
  actor: { sub: string; role: string };
  action: string;
  outcome: string;
  status: number;
}

/** Who read a journey how, from its audit trail (read as a manager). */
async function trailOf(system: TestSystem, journeyId: string): Promise<string[][]> {
  const entries = (await system.request('GET', `/api/journeys/${journeyId}/audit?limit=1000`, { as: manager })).body.entries as Entry[];
  return entries.map((e) => [e.actor.sub, e.actor.role, e.action, e.outcome]);
}

/** A team of its own, so that a list shows this test's journeys whatever else the shared database holds. */
const freshTeam = () => `audit-${randomUUID().slice(0, 8)}`;

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
    await system.request('POST', `/api/journeys/${journeyId}/commands`, {
      body: { type: 'record_decision', decision: 'proceed' },
      as: person,
    });
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

  it('records each journey a web list shows (caseload, approvals, drill-down) as read by whoever is signed in', async () => {
    const team = freshTeam();
    const lead: Principal = { sub: 'lena', role: 'coordinator', teams: [team] };
    const signer: Principal = { sub: 'abi', role: 'approver', teams: [team] };
    const drive = journeyDriver(system, { as: lead });
    const referral = await drive.open({ team });
    const waiting = await drive.open({ team });
    await drive.driveTo(waiting, 'sign_off');
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    expect((await page('GET', '/caseload', { as: lead })).status).toBe(200);
    expect((await page('GET', '/approvals', { as: signer })).status).toBe(200);
    expect((await page('GET', `/dashboard/journeys?team=${team}`, { as: manager })).status).toBe(200);

    const [referralTrail, waitingTrail] = [await trailOf(system, referral), await trailOf(system, waiting)];
    // The caseload shows the new referral (no coordinator yet), not the journey assigned to someone else.
    expect(referralTrail).toContainEqual(['lena', 'coordinator', 'web: list caseload', 'done']);
    expect(waitingTrail.filter((e) => e[2] === 'web: list caseload')).toEqual([]);
    expect(waitingTrail).toContainEqual(['abi', 'approver', 'web: list approvals', 'done']);
    expect(referralTrail.filter((e) => e[2] === 'web: list approvals')).toEqual([]);
    for (const trail of [referralTrail, waitingTrail]) expect(trail).toContainEqual(['morgan', 'manager', 'web: list journeys', 'done']);
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

  it('records each journey a stalled list (the API, the dashboard) shows as read by whoever listed it', async () => {
    const team = freshTeam();
    const journeyId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team }), as: manager })).body.journeyId;
    const deadline = Date.now() + 20_000;
    let listed: string[] = [];
    while (!listed.includes(journeyId)) {
      if (Date.now() > deadline) throw new Error('the journey never showed as stalled');
      await new Promise((resolve) => setTimeout(resolve, 200));
      listed = (await system.request('GET', `/api/analytics/stalled?team=${team}&limit=200`, { as: manager })).body.journeys.map(
        (j: { journeyId: string }) => j.journeyId,
      );
    }
    const admin: Principal = { sub: 'root', role: 'admin', teams: [] };
    const dashboard = await webClient(system.url, system.config.AUTH_DEV_SECRET, system.db)('GET', `/dashboard?team=${team}`, {
      as: admin,
    });
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain(`/journeys/${journeyId}`);
    const trail = await trailOf(system, journeyId);
    expect(trail).toContainEqual(['morgan', 'manager', 'list stalled', 'done']);
    expect(trail).toContainEqual(['root', 'admin', 'web: dashboard lists', 'done']);
    // A coordinator of another team cannot list it, so no read of it is recorded for them.
    const other: Principal = { sub: 'olly', role: 'coordinator', teams: ['south'] };
    const theirs = (await system.request('GET', '/api/analytics/stalled', { as: other })).body.journeys as { journeyId: string }[];
    expect(theirs.map((j) => j.journeyId)).not.toContain(journeyId);
  });
});
