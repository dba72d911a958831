import type { Principal } from '../../api/auth';
import { manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The whole role x endpoint matrix, generated from GET /openapi.json: every route (and every command type
 * of the commands route) is called by every kind of principal on a journey of their own team (or their
 * own journey) and on someone else's, and the status is checked against the rules written out below,
 * independently of the code that enforces them. A route in the contract with no rule here fails the test.
 */

type Kind = 'coordinator' | 'approver' | 'manager' | 'admin' | 'person' | 'stranger';
type Expect = 'ok' | 'forbidden' | 'hidden';

// api.md's "Who" column, written out again on purpose.
const who: Record<string, string[]> = {
  assign_coordinator: ['manager', 'coordinator'],
  record_consent: ['coordinator'],
  record_information_given: ['coordinator'],
  record_decision: ['coordinator', 'person'],
  record_assessment: ['coordinator'],
  set_indicative_budget: ['coordinator'],
  record_budget_told: ['coordinator'],
  record_advice_offer: ['coordinator'],
  submit_plan: ['coordinator', 'person'],
  approve_plan: ['approver', 'manager'],
  return_plan: ['approver', 'manager'],
  refuse_plan: ['approver', 'manager'],
  record_support_started: ['coordinator'],
  complete_review: ['coordinator'],
  request_review: ['coordinator', 'person'],
  put_on_hold: ['coordinator'],
  resume: ['coordinator'],
  withdraw: ['coordinator', 'person'],
  close: ['coordinator', 'manager'],
};

/** A valid body of each command (the journey's state may still refuse it: 409). */
const sampleCommand: Record<string, Record<string, unknown>> = {
  assign_coordinator: { coordinator: 'alice' },
  record_consent: { given: true, by: 'person' },
  record_information_given: { topics: ['personal_budgets'], channel: 'phone' },
  record_decision: { decision: 'defer' },
  record_assessment: { outcome: 'eligible', needs: ['personal care'] },
  set_indicative_budget: { amountPence: 100_00, method: 'estimate', trace: [] },
  record_budget_told: { channel: 'phone' },
  record_advice_offer: { outcome: 'later' },
  submit_plan: { outcomes: ['Stay at home'], lines: [{ description: 'Carer', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 100 }], risks: [] },
  approve_plan: {},
  return_plan: { reasons: ['Needs costing'] },
  refuse_plan: { reasons: ['Not eligible'] },
  record_support_started: { date: '2026-01-05' },
  complete_review: { outcome: 'keep' },
  request_review: { reason: 'Things changed' },
  put_on_hold: { reason: 'In hospital' },
  resume: {},
  withdraw: { reason: 'Changed their mind' },
  close: { reason: 'other' },
};

const roleOf = (kind: Kind) => (kind === 'stranger' ? 'person' : kind);
const staffSeeAll = (kind: Kind) => kind === 'manager' || kind === 'admin';
/** Does this principal see the journey: staff of its team, managers and admins, or the person it is about. */
const sees = (kind: Kind, mine: boolean) => staffSeeAll(kind) || (mine && kind !== 'stranger');

interface Route {
  method: string;
  path: string;
  /** What each kind of principal should get, on their own (team's) journey or on another. */
  expect: (kind: Kind, mine: boolean) => Expect;
  body?: (journeyId: string) => unknown;
  /** The path with `{id}` filled in. */
  url: (journeyId: string) => string;
  label: string;
}

/** The rules, route by route; `undefined` means the contract has a route this test knows nothing of. */
function rulesFor(method: string, path: string): Omit<Route, 'method' | 'path' | 'url' | 'label'>[] | undefined {
  const journeyRead = [{ expect: (kind: Kind, mine: boolean): Expect => (sees(kind, mine) ? 'ok' : 'hidden') }];
  const staff = (allowed: Kind[]) => (kind: Kind): Expect => (allowed.includes(kind) ? 'ok' : 'forbidden');
  const key = `${method} ${path}`;
  if (key === 'GET /api/journeys') return [{ expect: () => 'ok' }];
  if (key === 'POST /api/journeys')
    return [
      {
        // Coordinators open journeys for their own teams only; managers and admins for any.
        expect: (kind, mine) => (staffSeeAll(kind) || (kind === 'coordinator' && mine) ? 'ok' : 'forbidden'),
        body: () => openJourneyBody(),
      },
    ];
  if (/^GET \/api\/journeys\/\{id\}(\/(events|timeline|next-steps|notifications))?$/.test(key)) return journeyRead;
  if (key === 'GET /api/journeys/{id}/audit') return [{ expect: staff(['manager', 'admin']) }];
  if (key.startsWith('GET /api/analytics/')) return [{ expect: (kind, mine) => (staffSeeAll(kind) || (kind === 'coordinator' && mine) ? 'ok' : 'forbidden') }];
  if (key === 'POST /codec/encode' || key === 'POST /codec/decode') return [{ expect: staff(['manager', 'admin']), body: () => ({ payloads: [] }) }];
  if (key === 'POST /api/journeys/{id}/commands')
    return Object.keys(who).map((type) => ({
      label: type,
      expect: (kind: Kind, mine: boolean): Expect => (!who[type]!.includes(roleOf(kind)) ? 'forbidden' : sees(kind, mine) ? 'ok' : 'hidden'),
      body: () => ({ type, ...sampleCommand[type] }),
    }));
  return undefined;
}

describe('the role x endpoint matrix, generated from the OpenAPI document', () => {
  let system: TestSystem;
  let ownId: string;
  let otherId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    ownId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'north' }), as: manager })).body.journeyId;
    otherId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'south' }), as: manager })).body.journeyId;
  });
  afterAll(() => system.stop());

  const principals = (): Record<Kind, Principal> => ({
    coordinator: { sub: 'cora', role: 'coordinator', teams: ['north'] },
    approver: { sub: 'abe', role: 'approver', teams: ['north'] },
    manager: { sub: 'mo', role: 'manager', teams: [] },
    admin: { sub: 'ada-admin', role: 'admin', teams: [] },
    person: { sub: 'pat', role: 'person', teams: [], journeyId: ownId },
    // A person with no journey of their own in play: every journey is someone else's.
    stranger: { sub: 'sam', role: 'person', teams: [], journeyId: 'not-a-journey' },
  });

  it('answers every cell as the rules say, and 401 without a token', async () => {
    const { body: document } = await system.request('GET', '/openapi.json', { as: null });
    const routes: Route[] = [];
    const unknown: string[] = [];
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      if (!path.startsWith('/api/') && !path.startsWith('/codec/')) continue;
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const rules = rulesFor(method, path);
        if (!rules) unknown.push(`${method} ${path}`);
        for (const rule of rules ?? [])
          routes.push({
            method,
            path,
            label: `${method} ${path}${'label' in rule && rule.label ? ` ${rule.label}` : ''}`,
            url: (id) => path.replace('{id}', id),
            ...rule,
          });
      }
    }
    expect(unknown).toEqual([]);
    // Every command type in the contract's schema is in the matrix.
    const commandSchema = JSON.stringify(document.paths['/api/journeys/{id}/commands']!.post.requestBody);
    for (const type of Object.keys(who)) expect(commandSchema).toContain(`"${type}"`);
    expect(routes.length).toBeGreaterThanOrEqual(5 + 1 + 2 + 5 + 2 + 19);

    const mismatches: string[] = [];
    let cells = 0;
    for (const route of routes)
      for (const [kind, principal] of Object.entries(principals()) as [Kind, Principal][])
        for (const mine of [true, false]) {
          const journeyId = mine ? ownId : otherId;
          // "Mine" for a journey-less route means: the principal's own team (analytics, opening).
          const url = route.path.startsWith('/api/analytics/') ? `${route.url(journeyId)}?team=${mine ? 'north' : 'south'}` : route.url(journeyId);
          const body = route.path === '/api/journeys' && route.method === 'POST' ? openJourneyBody({ team: mine ? 'north' : 'south' }) : route.body?.(journeyId);
          const answer = await system.request(route.method, url, { as: principal, body });
          const expected = route.expect(kind, mine);
          const got: Expect | 'other' =
            answer.status === 404 ? 'hidden' : answer.status === 403 ? 'forbidden' : [200, 201, 409].includes(answer.status) ? 'ok' : 'other';
          cells++;
          if (got !== expected) mismatches.push(`${route.label} as ${kind} on ${mine ? 'own' : 'other'}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          if (cells % 7 === 0) {
            const anonymous = await system.request(route.method, url, { as: null, body });
            if (anonymous.status !== 401) mismatches.push(`${route.label} without a token: ${anonymous.status}`);
          }
        }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(routes.length * 12);
  });

  it('answers a journey that is not yours exactly as one that does not exist', async () => {
    const { person, coordinator } = principals();
    for (const as of [person, coordinator]) {
      const hidden = await system.request('GET', `/api/journeys/${otherId}/events`, { as });
      const missing = await system.request('GET', '/api/journeys/no-such-journey/events', { as });
      expect(hidden).toEqual(missing);
      expect(hidden.status).toBe(404);
    }
  });

  it('lists only the journeys the caller may see', async () => {
    const listed = async (as: Principal) =>
      ((await system.request('GET', '/api/journeys?limit=200', { as })).body.journeys as { journeyId: string; team: string }[]);
    const { coordinator, person, stranger, admin } = principals();
    expect((await listed(coordinator)).every((j) => j.team === 'north')).toBe(true);
    expect((await listed(coordinator)).map((j) => j.journeyId)).toContain(ownId);
    expect((await listed(person)).map((j) => j.journeyId)).toEqual([ownId]);
    expect(await listed(stranger)).toEqual([]);
    expect((await listed(admin)).map((j) => j.journeyId)).toEqual(expect.arrayContaining([ownId, otherId]));
    // Asking for another team by filter finds nothing rather than revealing it.
    expect(await system.request('GET', '/api/journeys?team=south', { as: coordinator })).toMatchObject({ status: 200, body: { journeys: [] } });
  });
});
