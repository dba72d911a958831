import type { Principal } from '../../app/principal';
import { commandRoles } from '../../domain/commands';
import { personLinkPath } from '../support/person-links';
import { webClient, type PageAnswer } from '../support/web-client';
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
  update_preferences: ['person', 'coordinator'],
  request_advice: ['person', 'coordinator'],
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
  submit_plan: {
    outcomes: ['Stay at home'],
    lines: [{ description: 'Carer', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 100 }],
    risks: [],
  },
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
  update_preferences: { channel: 'letter' },
  request_advice: { about: 'Managing a direct payment' },
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
  const staff =
    (allowed: Kind[]) =>
    (kind: Kind): Expect =>
      allowed.includes(kind) ? 'ok' : 'forbidden';
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
  if (/^GET \/api\/journeys\/\{id\}(\/(events|timeline|next-steps|notifications|actions))?$/.test(key)) return journeyRead;
  if (key === 'GET /api/journeys/{id}/audit') return [{ expect: staff(['manager', 'admin']) }];
  if (key.startsWith('GET /api/analytics/'))
    return [{ expect: (kind, mine) => (staffSeeAll(kind) || (kind === 'coordinator' && mine) ? 'ok' : 'forbidden') }];
  // Personal links: coordinators make them (they send them); coordinators, managers and admins see and revoke them.
  if (key === 'POST /api/journeys/{id}/person-links')
    return [{ expect: (kind: Kind, mine: boolean): Expect => (kind !== 'coordinator' ? 'forbidden' : sees(kind, mine) ? 'ok' : 'hidden') }];
  if (key === 'GET /api/journeys/{id}/person-links')
    return [
      {
        expect: (kind: Kind, mine: boolean): Expect =>
          !['coordinator', 'manager', 'admin'].includes(kind) ? 'forbidden' : sees(kind, mine) ? 'ok' : 'hidden',
      },
    ];
  if (key === 'DELETE /api/journeys/{id}/person-links/{linkId}')
    return [
      {
        expect: (kind: Kind, mine: boolean): Expect =>
          !['coordinator', 'manager', 'admin'].includes(kind) ? 'forbidden' : sees(kind, mine) ? 'ok' : 'hidden',
      },
    ];
  // Tasks: staff only; a task of a journey they do not see is hidden; taking, snoozing or finishing one needs its role
  // (the journeys' first task is a referral to pick up, a coordinator's); managers and admins may do anything.
  if (key === 'GET /api/tasks') return [{ expect: (kind: Kind): Expect => (['person', 'stranger'].includes(kind) ? 'forbidden' : 'ok') }];
  const taskWork = /^POST \/api\/tasks\/\{taskId\}\/(claim|release|assign|snooze|complete)$/.exec(key);
  if (taskWork)
    return [
      {
        expect: (kind: Kind, mine: boolean): Expect =>
          ['person', 'stranger'].includes(kind)
            ? 'forbidden'
            : !sees(kind, mine)
              ? 'hidden'
              : kind === 'approver' && ['claim', 'snooze', 'complete'].includes(taskWork[1]!)
                ? 'forbidden'
                : 'ok',
        body: () => ({ to: 'cora', until: '2030-01-01T00:00:00Z', reason: 'Waiting', outcome: 'Done' }),
      },
    ];
  if (key === 'POST /codec/decode') return [{ expect: staff(['manager', 'admin']), body: () => ({ payloads: [] }) }];
  if (key === 'POST /codec/encode') return [{ expect: staff(['admin']), body: () => ({ payloads: [] }) }];
  if (key === 'POST /api/journeys/{id}/commands')
    return Object.keys(who).map((type) => ({
      label: type,
      expect: (kind: Kind, mine: boolean): Expect =>
        !who[type]!.includes(roleOf(kind)) ? 'forbidden' : sees(kind, mine) ? 'ok' : 'hidden',
      body: () => ({ type, ...sampleCommand[type] }),
    }));
  return undefined;
}

let system: TestSystem;
let ownId: string;
let otherId: string;
/** A personal link of each journey, for the routes that name one. */
const linkOf = new Map<string, string>();
/** A task of each journey (its referral to pick up), for the routes that name one. */
const taskOf = new Map<string, string>();
/** A journey no command touches, still open when the pages' links are made for it (the matrix closes the others). */
let untouchedId: string;
beforeAll(async () => {
  system = await startTestSystem();
  ownId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'north' }), as: manager })).body.journeyId;
  otherId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'south' }), as: manager })).body.journeyId;
  const maker: Principal = { sub: 'link-maker', role: 'coordinator', teams: ['north', 'south'] };
  untouchedId = (await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'north' }), as: manager })).body.journeyId;
  for (const id of [ownId, otherId])
    taskOf.set(id, (await system.request('GET', `/api/tasks?journeyId=${id}`, { as: manager })).body.tasks[0].taskId);
  for (const id of [ownId, otherId])
    linkOf.set(id, (await system.request('POST', `/api/journeys/${id}/person-links`, { as: maker })).body.linkId);
});
afterAll(() => system.stop());

describe('the role x endpoint matrix, generated from the OpenAPI document', () => {
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
            url: (id) =>
              path
                .replace('{id}', id)
                .replace('{linkId}', linkOf.get(id) ?? '00000000-0000-4000-8000-000000000000')
                .replace('{taskId}', taskOf.get(id) ?? 'no-task'),
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
          const url = route.path.startsWith('/api/analytics/')
            ? `${route.url(journeyId)}?team=${mine ? 'north' : 'south'}`
            : route.url(journeyId);
          const body =
            route.path === '/api/journeys' && route.method === 'POST'
              ? openJourneyBody({ team: mine ? 'north' : 'south' })
              : route.body?.(journeyId);
          const answer = await system.request(route.method, url, { as: principal, body });
          const expected = route.expect(kind, mine);
          const got: Expect | 'other' =
            answer.status === 404
              ? 'hidden'
              : answer.status === 403
                ? 'forbidden'
                : [200, 201, 409].includes(answer.status)
                  ? 'ok'
                  : 'other';
          cells++;
          if (got !== expected)
            mismatches.push(
              `${route.label} as ${kind} on ${mine ? 'own' : 'other'}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
            );
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
      (await system.request('GET', '/api/journeys?limit=200', { as })).body.journeys as { journeyId: string; team: string }[];
    const { coordinator, person, stranger, admin } = principals();
    expect((await listed(coordinator)).every((j) => j.team === 'north')).toBe(true);
    expect((await listed(coordinator)).map((j) => j.journeyId)).toContain(ownId);
    expect((await listed(person)).map((j) => j.journeyId)).toEqual([ownId]);
    expect(await listed(stranger)).toEqual([]);
    expect((await listed(admin)).map((j) => j.journeyId)).toEqual(expect.arrayContaining([ownId, otherId]));
    // Asking for another team by filter finds nothing rather than revealing it.
    expect(await system.request('GET', '/api/journeys?team=south', { as: coordinator })).toMatchObject({
      status: 200,
      body: { journeys: [] },
    });
  });
});

/**
 * The same for the web app: every page and form route as the app registered it (`app.webRoutes`), by
 * every kind of visitor, on the north team's journey. A route with no rule here fails the test.
 */
describe('the role x page matrix, generated from the web routes the app registered', () => {
  type Visitor = 'coordinator' | 'otherCoordinator' | 'approver' | 'manager' | 'admin' | 'person' | 'otherPerson' | 'anonymous';
  /** page: 200; form: a post let through (the form's own 400, the journey's 409, or on to the next page); sign-in: 303 to sign in. */
  type Cell = 'page' | 'form' | 'redirect' | 'forbidden' | 'hidden' | 'sign-in';
  const visitors = (): Record<Visitor, Principal | null> => ({
    coordinator: { sub: 'cora', role: 'coordinator', teams: ['north'] },
    otherCoordinator: { sub: 'cole', role: 'coordinator', teams: ['south'] },
    approver: { sub: 'abe', role: 'approver', teams: ['north'] },
    manager: { sub: 'mo', role: 'manager', teams: [] },
    admin: { sub: 'ada-admin', role: 'admin', teams: [] },
    person: { sub: `person:${ownId}`, role: 'person', teams: [], journeyId: ownId },
    otherPerson: { sub: `person:${otherId}`, role: 'person', teams: [], journeyId: otherId },
    anonymous: null,
  });
  const roleOf = (visitor: Visitor) => visitors()[visitor]?.role;
  /** Sees the north journey: its team's staff, managers and admins, its person. */
  const seesIt = (visitor: Visitor) => ['coordinator', 'approver', 'manager', 'admin', 'person'].includes(visitor);
  const signedIn =
    (rule: (visitor: Visitor) => Cell) =>
    (visitor: Visitor): Cell =>
      visitor === 'anonymous' ? 'sign-in' : rule(visitor);
  const forRoles = (roles: string[]) => signedIn((visitor) => (roles.includes(roleOf(visitor)!) ? 'page' : 'forbidden'));
  const everyone = (cell: Cell) => () => cell;
  const openForm = {
    name: 'Matrix Person',
    nhsNumber: '943 476 5919',
    'dob-day': '2',
    'dob-month': '3',
    'dob-year': '1950',
    email: 'matrix@example.org',
    channel: 'email',
    format: 'standard',
    pathway: 'chc',
    team: 'north',
    referralSource: 'gp',
  };

  interface PageRule {
    method: 'GET' | 'POST';
    label: string;
    path: string;
    /** A path made afresh for each visitor (a personal link opens once). */
    freshPath?: () => Promise<string>;
    /** Sign-out ends the session it is sent with: each visitor sends it with a session of its own. */
    freshSession?: boolean;
    form?: Record<string, string>;
    expect: (visitor: Visitor) => Cell;
  }

  /** The rules, route by route (written out from the README's table of pages); undefined: a route this test knows nothing of. */
  async function rulesFor(method: string, url: string): Promise<PageRule[] | undefined> {
    const journeyPath = url.replace(':id', ownId);
    const verb = method as PageRule['method'];
    const rule = (expect: PageRule['expect'], extra: Partial<PageRule> = {}): PageRule[] => [
      { method: verb, label: `${method} ${url}`, path: journeyPath, expect, ...extra },
    ];
    switch (`${method} ${url}`) {
      case 'GET /':
        return rule(everyone('redirect'));
      case 'GET /sign-in':
        return rule(everyone('page'));
      case 'POST /sign-in':
        return rule(everyone('redirect'), { form: { role: 'coordinator', sub: 'someone', teams: 'north' } });
      case 'POST /sign-out':
        return rule(everyone('redirect'), { freshSession: true });
      case 'GET /p':
        return rule(everyone('redirect'), { freshPath: () => personLinkPath(system.request, untouchedId) });
      case 'GET /caseload':
        return rule(forRoles(['coordinator']));
      case 'GET /approvals':
        return rule(forRoles(['approver', 'manager', 'admin']));
      case 'GET /dashboard':
      case 'GET /dashboard/journeys':
        return rule(forRoles(['manager', 'admin']));
      case 'GET /journeys/new':
        return rule(forRoles(['coordinator', 'manager', 'admin']));
      case 'POST /journeys/new':
        // For the north team: its coordinator, managers and admins; a coordinator of another team is refused.
        return rule(
          signedIn((v) => (['coordinator', 'manager', 'admin'].includes(v) ? 'form' : 'forbidden')),
          { form: openForm },
        );
      case 'GET /my-journey':
        // Each person their own page (the other person theirs too); no one else's is reachable from here.
        return rule(forRoles(['person']));
      case 'GET /journeys/:id':
        return rule(signedIn((v) => (roleOf(v) === 'person' ? 'forbidden' : seesIt(v) ? 'page' : 'hidden')));
      case 'POST /journeys/:id/person-link':
        // On an open journey (a closed one's person needs no link: 409).
        return rule(
          signedIn((v) => (roleOf(v) !== 'coordinator' ? 'forbidden' : seesIt(v) ? 'page' : 'hidden')),
          { path: url.replace(':id', untouchedId) },
        );
      case 'POST /journeys/:id/person-links/:linkId/revoke':
        // Back to the journey page once revoked (again: revoking twice changes nothing).
        return rule(
          signedIn((v) => (!['coordinator', 'manager', 'admin'].includes(roleOf(v)!) ? 'forbidden' : seesIt(v) ? 'redirect' : 'hidden')),
          {
            path: journeyPath.replace(':linkId', linkOf.get(ownId)!),
          },
        );
      case 'GET /journeys/:id/do/:type':
      case 'POST /journeys/:id/do/:type':
        // Staff pages: a person is refused by role; then a journey not theirs is hidden; then the command's "Who".
        return (Object.keys(commandRoles) as (keyof typeof commandRoles)[]).map((type) => ({
          method: verb,
          label: `${method} ${url} ${type}`,
          path: journeyPath.replace(':type', type),
          expect: signedIn((v) =>
            roleOf(v) === 'person'
              ? 'forbidden'
              : !seesIt(v)
                ? 'hidden'
                : commandRoles[type].includes(roleOf(v)!)
                  ? method === 'POST'
                    ? 'form'
                    : 'page'
                  : 'forbidden',
          ),
        }));
    }
    return undefined;
  }

  const cellOf = (answer: PageAnswer): Cell | `other ${number}` => {
    if (answer.status === 200) return 'page';
    if (answer.status === 403) return 'forbidden';
    if (answer.status === 404) return 'hidden';
    if (answer.status === 303) return answer.location?.startsWith('/sign-in?next=') ? 'sign-in' : 'redirect';
    return answer.status === 400 || answer.status === 409 ? 'form' : `other ${answer.status}`;
  };

  it('answers every cell as the rules say: the page, 403 for a role it is not for, 404 for a journey not theirs, sign-in for no session', async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    const routes = system.app.webRoutes;
    const rules: PageRule[] = [];
    const unknown: string[] = [];
    for (const { method, url } of routes) {
      const found = await rulesFor(method, url);
      if (!found) unknown.push(`${method} ${url}`);
      rules.push(...(found ?? []));
    }
    expect(unknown).toEqual([]);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /caseload', 'GET /dashboard/journeys', 'POST /journeys/:id/do/:type', 'GET /my-journey']),
    );

    const mismatches: string[] = [];
    for (const rule of rules)
      for (const [visitor, as] of Object.entries(visitors()) as [Visitor, Principal | null][]) {
        const answer = await page(rule.method, rule.freshPath ? await rule.freshPath() : rule.path, {
          as,
          form: rule.form,
          freshSession: rule.freshSession,
        });
        const expected = rule.expect(visitor);
        const got = cellOf(answer);
        // A form let through may answer with a page too (a personal link, a refused team's form).
        const matches = got === expected || (expected === 'form' && (got === 'page' || got === 'redirect'));
        if (!matches) mismatches.push(`${rule.label} as ${visitor}: expected ${expected}, got ${answer.status} ${answer.location ?? ''}`);
      }
    expect(mismatches).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(14 + 2 * Object.keys(commandRoles).length);
  });

  it("answers a journey's pages for someone it is not theirs exactly as for a journey that does not exist", async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    const { otherCoordinator } = visitors();
    for (const suffix of ['', '/do/assign_coordinator']) {
      const hidden = await page('GET', `/journeys/${ownId}${suffix}`, { as: otherCoordinator });
      const missing = await page('GET', `/journeys/00000000-0000-4000-8000-000000000000${suffix}`, { as: otherCoordinator });
      expect(hidden.status).toBe(404);
      expect([hidden.status, hidden.html]).toEqual([missing.status, missing.html]);
    }
  });
});
