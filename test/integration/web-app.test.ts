import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { Principal } from '../../app/principal';
import { generateWorkload } from '../../workload';
import { commandForms } from '../../web/forms/command-fields';
import { personLinkPath } from '../support/person-links';
import { launchBrowser, newSession } from '../support/browser';
import { figuresFromApi, readBarChart, readDashboard, readFlowChart, type DashboardFigures } from '../support/dashboard-reader';
import { createDatabase, dropDatabase } from '../support/databases';
import { journeyDriver } from '../support/journey-driver';
import { testEnv } from '../support/test-env';
import { manager as apiManager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { act, checkPage, fillDate, fillOpenJourney, signIn, stageOf, submitCommand, summaryValue } from '../support/web-pages';

/**
 * The web app end to end in headless Chromium (Debian's package), against the real API, Temporal dev
 * server and PostgreSQL: every page, in each of its states, is checked with axe-core and saved as a
 * screenshot (the last test lists them). The database is this file's own, with a small synthetic
 * workload behind the dashboard, so that no figure depends on what other test files left.
 */
let databaseUrl: string;
let system: TestSystem;
let browser: Browser;
const pagesChecked: string[] = [];
const commandTypes = Object.keys(commandForms) as Array<keyof typeof commandForms>;
const approverCommands = ['approve_plan', 'return_plan', 'refuse_plan'];

beforeAll(async () => {
  databaseUrl = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_web');
  [system, browser] = await Promise.all([startTestSystem({ DATABASE_URL: databaseUrl }), launchBrowser()]);
  // Years of journeys in every stage (events only: none of them is driven here), for the dashboard.
  // With this seed, journey 131 is a review running past its target: an overdue review.
  await generateWorkload(system.db, { journeys: 140, seed: 21, concurrency: 4 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  if (databaseUrl) await dropDatabase(testEnv.adminDatabaseUrl, databaseUrl);
});

/** Checks the page (no script or inline style, axe, screenshot) and notes it as seen. */
async function check(page: Page, name: string): Promise<void> {
  expect(pagesChecked).not.toContain(name);
  await checkPage(page, name);
  pagesChecked.push(name);
}

/** Shows a command's form and checks it. */
async function showForm(page: Page, journeyId: string, type: string): Promise<void> {
  await page.goto(`/journeys/${journeyId}/do/${type}`);
  expect(await page.locator('h1').innerText()).toBe(commandForms[type as keyof typeof commandForms].title);
  await check(page, `form-${type}`);
}

// Dozens of pages, each run through axe and photographed: minutes on a busy two-core machine.
jest.setTimeout(180_000);

/** A fresh journey whose plan waits for sign-off, and an approver of its team signed in to decide it. */
async function planWithApprover() {
  const driver = journeyDriver(system);
  const journeyId = await driver.open();
  await driver.driveTo(journeyId, 'sign_off');
  const session = await newSession(browser, system.url);
  await signIn(session.page, 'approver', 'ash');
  return { journeyId, ...session };
}

const dashboardCount = async (page: Page, stage: string) =>
  Number(await page.locator(`#stages-table tr[data-stage=${stage}] .pbe-open`).innerText());
const today = () => new Date().toISOString().slice(0, 10);

describe('the web app in a real browser', () => {
  let journeyId: string;

  test('signing in: the sign-in page, and pages need a session', async () => {
    const { context, page } = await newSession(browser, system.url);
    await page.goto('/caseload');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await check(page, 'sign-in');
    await page.click('button:has-text("Sign in")');
    expect(await page.locator('.nhsuk-error-summary a[href="#role"]').count()).toBe(1);
    expect(await page.locator('#role-error').innerText()).toContain('Select your role');
    await check(page, 'sign-in-errors');
    // A path nobody serves: a page, not the API's JSON.
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await check(page, 'page-not-found');
    await context.close();
  });

  test('a coordinator opens a journey and drives it to sign-off', async () => {
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'coordinator', 'alice');
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await check(page, 'caseload');

    await page.goto('/journeys/new');
    await check(page, 'open-journey');
    await page.fill('#nhsNumber', '123');
    await page.click('button:has-text("Open journey")');
    expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
    await check(page, 'open-journey-errors');
    // The API's 400 lands beside the field: the modulus 11 check on the NHS number.
    await fillOpenJourney(page, {
      name: 'Ada Example',
      dateOfBirth: '1950-03-02',
      pathway: 'chc',
      email: 'ada@example.org',
      referralSource: 'GP',
    });
    await page.click('button:has-text("Open journey")');
    expect(await page.locator('#nhsNumber-error').innerText()).toContain('NHS number');
    expect(await page.locator('.nhsuk-error-summary a[href="#nhsNumber"]').count()).toBe(1);
    await page.fill('#nhsNumber', '943 476 5919');
    await page.click('button:has-text("Open journey")');
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    journeyId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await stageOf(page)).toContain('Referral');
    await check(page, 'journey-referral');

    await showForm(page, journeyId, 'assign_coordinator');
    await submitCommand(page, journeyId, 'assign_coordinator');
    await act(page, journeyId, 'record_consent', async (p) => {
      await p.locator('input[name=given][value=yes]').check();
      await p.locator('input[name=by][value=person]').check();
    });
    // A form sent empty: the error summary links to each field, and the message sits beside it.
    await page.goto(`/journeys/${journeyId}/do/record_information_given`);
    await page.locator('form[action$="/do/record_information_given"] button').click();
    expect(await page.locator('.nhsuk-error-summary a[href="#topics"]').count()).toBe(1);
    expect(await page.locator('#topics-error').isVisible()).toBe(true);
    await check(page, 'form-errors');
    await act(page, journeyId, 'record_information_given', async (p) => {
      await p.locator('input[name=topics][value=personal_budgets]').check();
      await p.locator('input[name=topics][value=management_options]').check();
      await p.locator('input[name=channel][value=face_to_face]').check();
    });
    await act(page, journeyId, 'record_decision', (p) => p.locator('input[name=decision][value=proceed]').check());
    await act(page, journeyId, 'record_assessment', async (p) => {
      await p.locator('input[name=outcome][value=eligible]').check();
      await p.fill('#needs', 'Personal care\nGetting out');
    });
    await showForm(page, journeyId, 'set_indicative_budget');
    await page.fill('#amountPence', '20,000');
    await page.locator('input[name=method][value=ready_reckoner]').check();
    await page.fill('#trace', '20 hours a week at £19.23 = £20,000');
    await submitCommand(page, journeyId, 'set_indicative_budget');
    await act(page, journeyId, 'record_budget_told', (p) => p.locator('input[name=channel][value=phone]').check());
    expect(await stageOf(page)).toContain('Planning');
    await act(page, journeyId, 'record_advice_offer', (p) => p.locator('input[name=outcome][value=accepted]').check());

    // The plan: a line without a cost is caught beside its row.
    await page.goto(`/journeys/${journeyId}/do/submit_plan`);
    await page.fill('#outcomes', 'Stay living at home');
    await page.fill('#lines-0-description', 'Personal assistant hours');
    await page.locator('form button').last().click();
    expect(await page.locator('#lines-0-annualCost-error').innerText()).toContain('Line 1');
    await check(page, 'form-submit-plan-errors');
    await act(page, journeyId, 'submit_plan', async (p) => {
      await p.fill('#outcomes', 'Stay living at home');
      await p.fill('#lines-0-description', 'Personal assistant hours');
      await p.fill('#lines-0-annualCost', '19000');
    });
    expect(await stageOf(page)).toContain('Sign off');
    expect(await page.locator('.nhsuk-task-list__item').count()).toBe(7);
    expect(await page.locator('svg.pbe-chart').count()).toBeGreaterThan(0);
    await check(page, 'journey-sign-off');

    // A command the journey's state forbids: the API's 409 says why, in the error summary.
    await page.goto(`/journeys/${journeyId}/do/record_support_started`);
    await fillDate(page, 'date', '2026-04-01');
    await page.locator('form[action$="/do/record_support_started"] button').click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toMatch(/support|approv|sign/i);
    await check(page, 'form-conflict');

    // Pages that show a journey are in its audit trail, under the signed-in principal.
    const trail = await system.db
      .selectFrom('audit_log')
      .select(['actor_sub', 'actor_role', 'action'])
      .where('journey_id', '=', journeyId)
      .execute();
    expect(trail).toContainEqual({ actor_sub: 'alice', actor_role: 'coordinator', action: 'web: read journey page' });
    expect(trail).toContainEqual({ actor_sub: 'alice', actor_role: 'coordinator', action: 'command submit_plan' });
    // Every step is attributed to the signed-in coordinator, as the API records it.
    const events = await journeyDriver(system).events(journeyId);
    expect(events.filter((e) => e.actor.role !== 'system').every((e) => e.actor.sub === 'alice' && e.actor.role === 'coordinator')).toBe(
      true,
    );
    await context.close();
  });

  test('an approver approves the plan; a manager sees the dashboard move', async () => {
    const manager = await newSession(browser, system.url);
    await signIn(manager.page, 'manager', 'morgan');
    expect(new URL(manager.page.url()).pathname).toBe('/dashboard');
    const before = { signOff: await dashboardCount(manager.page, 'sign_off'), setup: await dashboardCount(manager.page, 'setup') };
    expect(before.signOff).toBeGreaterThanOrEqual(1);
    // The team filter offers real teams, never the counters' all-teams rows.
    const teams = await manager.page.locator('#team option').allTextContents();
    expect(teams).toContain('north');
    expect(teams).not.toContain('*');
    await check(manager.page, 'dashboard');

    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'approver', 'ash');
    expect(new URL(page.url()).pathname).toBe('/approvals');
    expect(await page.locator(`a[href="/journeys/${journeyId}/do/approve_plan"]`).count()).toBe(1);
    await check(page, 'approvals');
    await page.click(`a[href="/journeys/${journeyId}/do/approve_plan"]`);
    expect(await page.locator('table caption:has-text("The plan")').count()).toBe(1);
    await check(page, 'form-approve_plan');
    await submitCommand(page, journeyId, 'approve_plan');
    expect(await stageOf(page)).toContain('Setup');
    await check(page, 'journey-setup');
    const approved = (await journeyDriver(system).events(journeyId)).find((e) => e.type === 'plan_approved');
    expect(approved?.actor).toEqual({ sub: 'ash', role: 'approver' });
    await context.close();

    await manager.page.reload();
    expect(await dashboardCount(manager.page, 'sign_off')).toBe(before.signOff - 1);
    expect(await dashboardCount(manager.page, 'setup')).toBe(before.setup + 1);
    await manager.page.click('#stages-table tr[data-stage=setup] a');
    expect(new URL(manager.page.url()).pathname).toBe('/dashboard/journeys');
    expect(await manager.page.locator(`a[href="/journeys/${journeyId}"]`).count()).toBe(1);
    await check(manager.page, 'dashboard-drill-down');
    await manager.context.close();
  });

  test('an approver returns a plan with reasons, and the coordinator sees them on the journey', async () => {
    const driver = journeyDriver(system);
    const { journeyId: returnedId, context, page } = await planWithApprover();
    await showForm(page, returnedId, 'return_plan');
    await page.locator('form[action$="/do/return_plan"] button').click();
    expect(await page.locator('#reasons-error').innerText()).toContain('Why are you returning it');
    await act(page, returnedId, 'return_plan', (p) => p.fill('#reasons', 'Cost the respite weeks separately\nAdd a contingency'));
    expect(await stageOf(page)).toContain('Planning');
    expect(await page.locator('#returned-reasons li').allInnerTexts()).toEqual(['Cost the respite weeks separately', 'Add a contingency']);
    await check(page, 'journey-returned');
    const returned = (await driver.events(returnedId)).find((e) => e.type === 'plan_returned');
    expect(returned?.actor).toEqual({ sub: 'ash', role: 'approver' });
    await context.close();
  });

  test('an approver refuses a plan with reasons: the journey closes, and shows them', async () => {
    const driver = journeyDriver(system);
    const { journeyId: refusedId, context, page } = await planWithApprover();
    await page.goto('/approvals');
    await page.click(`a[href="/journeys/${refusedId}/do/refuse_plan"]`);
    expect(await page.locator('.nhsuk-card--warning').innerText()).toContain('closes the journey');
    await check(page, 'form-refuse_plan');
    await page.locator('form[action$="/do/refuse_plan"] button').click();
    expect(await page.locator('#reasons-error').innerText()).toContain('Why are you refusing it');
    await page.fill('#reasons', 'The plan does not meet the assessed needs\nNo risk plan for the nights');
    await submitCommand(page, refusedId, 'refuse_plan');
    expect(await stageOf(page)).toBe('Closed - Refused');
    expect(await page.locator('#refused-reasons li').allInnerTexts()).toEqual([
      'The plan does not meet the assessed needs',
      'No risk plan for the nights',
    ]);
    expect(await page.locator('h2:has-text("What to do") + p').innerText()).toBe('Nothing for you to do here now.');
    await check(page, 'journey-closed-refused');
    const journey = await driver.journey(refusedId);
    expect(journey).toMatchObject({ status: 'closed', stage: 'closed' });
    const refused = (await driver.events(refusedId)).find((e) => e.type === 'plan_refused');
    expect(refused).toMatchObject({
      actor: { sub: 'ash', role: 'approver' },
      data: { reasons: ['The plan does not meet the assessed needs', 'No risk plan for the nights'] },
    });
    // It has left the approvals list.
    await page.goto('/approvals');
    expect(await page.locator(`a[href="/journeys/${refusedId}/do/refuse_plan"]`).count()).toBe(0);
    await context.close();
  });

  test('a person sees their own page through a personal link, in easy read when that is their preference', async () => {
    const coordinator = await newSession(browser, system.url);
    await signIn(coordinator.page, 'coordinator', 'alice');
    await coordinator.page.goto(`/journeys/${journeyId}`);
    await coordinator.page.click('button:has-text("Make a personal link")');
    const link = await coordinator.page.locator('#person-link').getAttribute('href');
    // Built from the public address (here the listening one), a random secret that opens the page once.
    expect(link).toMatch(new RegExp(`^${system.url}/p\\?t=[\\w-]{43}$`));
    await check(coordinator.page, 'person-link');

    const { context, page } = await newSession(browser, system.url);
    await page.goto(link!);
    expect(new URL(page.url()).pathname).toBe('/my-journey');
    expect(await page.locator('#where').innerText()).not.toBe('');
    expect(await page.locator('#budget').innerText()).toContain('£20,000');
    expect(await page.locator('h2:has-text("How long it usually takes")').count()).toBe(1);
    await check(page, 'person');
    // The person sees only their own journey.
    await page.goto(`/journeys/${journeyId}`);
    expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
    await check(page, 'forbidden');
    // Once: the same link opens nothing a second time, even in another browser.
    const again = await newSession(browser, system.url);
    await again.page.goto(link!);
    expect(await again.page.locator('h1').innerText()).toBe('This link has expired');
    await again.context.close();
    // The journey page lists it as used; revoking it ends the person's session at once.
    await coordinator.page.goto(`/journeys/${journeyId}`);
    const row = coordinator.page.locator('#person-links tbody tr').first();
    expect(await row.innerText()).toMatch(/Used/);
    await check(coordinator.page, 'journey-with-links');
    await row.locator('button:has-text("Revoke")').click();
    expect(await coordinator.page.locator('#person-links tbody tr').first().innerText()).toMatch(/Revoked/);
    await coordinator.context.close();
    await page.goto('/my-journey');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();

    const person = openJourneyBody().person;
    const easyId = await journeyDriver(system).open({ person: { ...person, preferences: { ...person.preferences, format: 'easy_read' } } });
    const easy = await newSession(browser, system.url);
    await easy.page.goto(await personLinkPath(system.request, easyId));
    expect(await easy.page.locator('body.pbe-easy-read').count()).toBe(1);
    expect(await easy.page.locator('#sentences li').count()).toBeGreaterThan(2);
    await check(easy.page, 'person-easy-read');
    const largeId = await journeyDriver(system).open({
      person: { ...person, preferences: { ...person.preferences, format: 'large_print' } },
    });
    await easy.page.goto(await personLinkPath(system.request, largeId));
    expect(await easy.page.locator('body.pbe-large-print #where').count()).toBe(1);
    await check(easy.page, 'person-large-print');
    await easy.page.goto('/p?t=not-a-real-link');
    expect(await easy.page.locator('h1').innerText()).toBe('This link has expired');
    await check(easy.page, 'person-link-expired');
    await easy.context.close();
  });

  test('support starts, a review is asked for and done, a journey is held, resumed, withdrawn and closed: each through its form', async () => {
    const driver = journeyDriver(system);
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'coordinator', 'alice');

    const supported = await driver.open();
    await driver.driveTo(supported, 'setup');
    await showForm(page, supported, 'record_support_started');
    await fillDate(page, 'date', today());
    await submitCommand(page, supported, 'record_support_started');
    expect(await stageOf(page)).toBe('Active');
    expect(await summaryValue(page, 'Next review')).not.toBe('-');
    await check(page, 'journey-active');
    await showForm(page, supported, 'request_review');
    await page.fill('#reason', 'Needs have changed since a fall');
    await submitCommand(page, supported, 'request_review');
    expect(await stageOf(page)).toBe('Review');
    await check(page, 'journey-review');
    // Lesson 4 again: advice is offered at the review before it can be completed.
    await act(page, supported, 'record_advice_offer', (p) => p.locator('input[name=outcome][value=declined]').check());
    await showForm(page, supported, 'complete_review');
    await page.locator('input[name=outcome][value=keep]').check();
    await page.fill('#notes', 'Support is working; keep the plan');
    await submitCommand(page, supported, 'complete_review');
    expect(await stageOf(page)).toBe('Active');
    expect((await driver.events(supported)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['support_started', 'review_started', 'advice_offered', 'review_completed']),
    );

    const held = await driver.open();
    await driver.driveTo(held, 'awareness');
    await showForm(page, held, 'put_on_hold');
    await page.fill('#reason', 'In hospital');
    await submitCommand(page, held, 'put_on_hold');
    expect(await stageOf(page)).toBe('Awareness (on hold)');
    await check(page, 'journey-on-hold');
    await showForm(page, held, 'resume');
    await submitCommand(page, held, 'resume');
    expect(await stageOf(page)).toBe('Awareness');
    await showForm(page, held, 'withdraw');
    await page.fill('#reason', 'Happy with the services as they are');
    await submitCommand(page, held, 'withdraw');
    expect(await stageOf(page)).toBe('Closed - Withdrawn');
    await check(page, 'journey-closed');

    const closing = await driver.open();
    await showForm(page, closing, 'close');
    await page.locator('input[name=reason][value=moved]').check();
    await submitCommand(page, closing, 'close');
    expect(await stageOf(page)).toBe('Closed - Moved');
    expect((await driver.journey(closing)).status).toBe('closed');

    // Every other form, each shown to a role that may send it.
    const signOff = await driver.open();
    await driver.driveTo(signOff, 'sign_off');
    for (const type of commandTypes.filter((t) => !approverCommands.includes(t) && !pagesChecked.includes(`form-${t}`)))
      await showForm(page, signOff, type);
    await context.close();
    const approver = await newSession(browser, system.url);
    await signIn(approver.page, 'approver', 'ash');
    for (const type of approverCommands.filter((t) => !pagesChecked.includes(`form-${t}`))) await showForm(approver.page, signOff, type);
    await approver.context.close();
  });

  test('the caseload lists what needs me next, soonest due first, apart from what waits on others', async () => {
    const me: Principal = { sub: `cara-${randomUUID().slice(0, 8)}`, role: 'coordinator', teams: ['north'] };
    const driver = journeyDriver(system);
    const send = async (id: string, body: Record<string, unknown>) => expect((await driver.send(id, body, me)).status).toBe(200);
    const budget = {
      type: 'set_indicative_budget',
      amountPence: 1_500_000,
      method: 'estimate',
      trace: [{ label: 'Estimate', amountPence: 1_500_000 }],
    };
    // Opened first: a referral given to me, due 5 days after it opened.
    const referral = await driver.open();
    await send(referral, { type: 'assign_coordinator', coordinator: me.sub });
    // Then a budget worked out that I must tell the person: 5 days from entering the stage, after the referral opened.
    const toTell = await driver.open();
    await driver.driveTo(toTell, 'indicative_budget');
    await send(toTell, { type: 'assign_coordinator', coordinator: me.sub });
    await send(toTell, budget);
    // Last, the same on the fast track, whose target is 1 day: due first.
    const fastTrack = await driver.open({ pathway: 'chc_fast_track' });
    await driver.driveTo(fastTrack, 'indicative_budget');
    await send(fastTrack, { type: 'assign_coordinator', coordinator: me.sub });
    await send(fastTrack, budget);
    // And one waiting on the person.
    const onPerson = await driver.open();
    await send(onPerson, { type: 'assign_coordinator', coordinator: me.sub });
    await send(onPerson, { type: 'record_consent', given: true, by: 'person' });

    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'coordinator', me.sub);
    const rows = (caption: string) =>
      page.locator(`table:has(caption:has-text("${caption}")) tbody tr a`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(await rows('Needs you next')).toEqual([fastTrack, referral, toTell].map((id) => `/journeys/${id}`));
    expect(await rows('Waiting on others')).toEqual([`/journeys/${onPerson}`]);
    await context.close();
  });

  test("the dashboard shows the analytics API's figures for each filter, each chart drawing its table's numbers", async () => {
    // A review due within 28 days: support started 80 days ago, the first review 91 days after.
    const driver = journeyDriver(system);
    const dueSoon = await driver.open();
    await driver.driveTo(dueSoon, 'setup');
    await driver.send(dueSoon, { type: 'record_support_started', date: new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 10) });
    expect((await driver.journey(dueSoon)).stage).toBe('active');

    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'manager', 'morgan');
    const filters: Array<[string, Record<string, string>]> = [
      ['dashboard', {}],
      ['dashboard-team', { team: 'north' }],
      ['dashboard-pathway', { pathway: 'chc' }],
      ['dashboard-team-pathway', { team: 'north', pathway: 'chc' }],
    ];
    for (const [name, filter] of filters) {
      const query = new URLSearchParams(filter).toString();
      const api = async (): Promise<DashboardFigures> => {
        const get = async (path: string) =>
          (await system.request('GET', `/api/analytics/${path}${path.includes('?') ? '&' : '?'}${query}`, { as: apiManager })).body;
        const [stages, waiting, reviews, flow, stalled] = await Promise.all([
          get('stages'),
          get('waiting'),
          get('reviews'),
          get('flow'),
          get('stalled?limit=20'),
        ]);
        return figuresFromApi({ stages, waiting, reviews, flow, stalled });
      };
      // The API just before and just after the page: the page must show one of them exactly.
      const before = await api();
      await page.goto(`/dashboard?${query}`);
      const shown = await readDashboard(page);
      const after = await api();
      expect(shown).toEqual(JSON.stringify(shown) === JSON.stringify(before) ? before : after);
      expect(shown.totals.open).toBeGreaterThan(0);
      expect(shown.flow.length).toBe(91);
      if (name === 'dashboard') {
        // The unfiltered figures have something in every part, so that each comparison means something.
        expect(shown.totals.breached).toBeGreaterThan(0);
        expect(shown.waiting.length).toBeGreaterThan(1);
        expect(shown.stalled.length).toBeGreaterThan(0);
        expect(shown.reviews.dueIn28Days).toBeGreaterThan(0);
        expect(shown.reviews.overdue).toBeGreaterThan(0);
      } else await check(page, name);
      await expectChartsDrawTables(page, shown);
    }

    // Every figure leads to the journeys behind it: the drill-down lists as many as the figure says.
    await page.goto('/dashboard?team=north');
    const shown = await readDashboard(page);
    const [stage, parties] = Object.entries(shown.waitingOn).find(([, p]) => Object.keys(p).length > 0)!;
    const [party, count] = Object.entries(parties)[0]!;
    await page.click(`#split-table tr[data-stage=${stage}] a[href*="waitingOn=${party}"]`);
    expect(await page.locator('table tbody tr').count()).toBe(Math.min(count, 50));
    await check(page, 'drill-down-waiting-on');
    await page.goto('/dashboard/journeys?team=nowhere');
    expect(await page.locator('main p').last().innerText()).toBe('No journeys match.');
    await check(page, 'drill-down-empty');
    await context.close();
  });

  test('without JavaScript: a coordinator signs in, opens a journey and moves it on', async () => {
    const { context, page } = await newSession(browser, system.url, { javaScript: false });
    // The browser really runs no script.
    await page.setContent('<title>before</title><script>document.title = "ran"</script>');
    expect(await page.title()).toBe('before');
    await signIn(page, 'coordinator', 'nadia');
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await page.goto('/journeys/new');
    await fillOpenJourney(page, {
      name: 'Noor Example',
      nhsNumber: '943 476 5919',
      dateOfBirth: '1961-11-09',
      pathway: 'phb',
      email: 'noor@example.org',
      referralSource: 'Hospital',
    });
    await page.click('button:has-text("Open journey")');
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    const opened = new URL(page.url()).pathname.split('/').pop()!;
    // The form comes filled with the signed-in coordinator: one press of the button.
    await act(page, opened, 'assign_coordinator');
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Assign a care coordinator');
    expect(await summaryValue(page, 'Coordinator')).toBe('nadia');
    const events = await journeyDriver(system).events(opened);
    // The assignment, then the referral's task done by it: both hers.
    expect(events.map((e) => e.type).slice(-2)).toEqual(['coordinator_assigned', 'task_completed']);
    expect(events.at(-2)).toMatchObject({
      type: 'coordinator_assigned',
      actor: { sub: 'nadia', role: 'coordinator' },
      data: { coordinator: 'nadia' },
    });
    await context.close();
  });

  test('staff of another team find nothing; a role finds only its pages; a form without its CSRF token is refused', async () => {
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'approver', 'sam', 'south');
    const response = await page.goto(`/journeys/${journeyId}`);
    expect(response?.status()).toBe(404);
    await check(page, 'not-found');
    const forged = await page.evaluate(
      async (url) =>
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reasons=x' })).status,
      `${system.url}/journeys/${journeyId}/do/return_plan`,
    );
    expect(forged).toBe(403);
    const crossSite = await fetch(`${system.url}/journeys/${journeyId}/do/return_plan`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=x',
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('This form was sent from another site');
    await context.close();

    const coordinator = await newSession(browser, system.url);
    await signIn(coordinator.page, 'coordinator', 'alice');
    expect((await coordinator.page.goto('/dashboard'))?.status()).toBe(403);
    expect(await coordinator.page.locator('h1').innerText()).toBe('You cannot see this page');
    await check(coordinator.page, 'forbidden-role');
    // A form whose token is gone (a stale page, say): a page that says so, and nothing changes.
    const version = (await journeyDriver(system).journey(journeyId)).version;
    await coordinator.page.goto(`/journeys/${journeyId}/do/put_on_hold`);
    await coordinator.page.fill('#reason', 'In hospital');
    await coordinator.page.locator('input[name=_csrf]').evaluate((input) => input.remove());
    await coordinator.page.locator('form[action$="/do/put_on_hold"] button').click();
    expect(await coordinator.page.locator('h1').innerText()).toBe('This form has expired');
    await check(coordinator.page, 'form-expired');
    expect((await journeyDriver(system).journey(journeyId)).version).toBe(version);
    await coordinator.context.close();

    const approver = await newSession(browser, system.url);
    await signIn(approver.page, 'approver', 'ash');
    expect((await approver.page.goto(`/journeys/${journeyId}/do/record_consent`))?.status()).toBe(403);
    expect(await approver.page.locator('h1').innerText()).toBe('You cannot do this');
    await check(approver.page, 'forbidden-command');
    await approver.context.close();
  });

  test('every page was checked, in each of its states, and every command form', () => {
    const states = ['referral', 'sign-off', 'setup', 'active', 'review', 'on-hold', 'closed', 'closed-refused', 'returned'].map(
      (s) => `journey-${s}`,
    );
    const errors = [
      'page-not-found',
      'not-found',
      'forbidden',
      'forbidden-role',
      'forbidden-command',
      'form-expired',
      'person-link-expired',
    ];
    const others = [
      'sign-in',
      'sign-in-errors',
      'caseload',
      'open-journey',
      'open-journey-errors',
      'form-errors',
      'form-submit-plan-errors',
      'form-conflict',
      'approvals',
      'person-link',
      'journey-with-links',
    ];
    const dashboards = [
      'dashboard',
      'dashboard-team',
      'dashboard-pathway',
      'dashboard-team-pathway',
      'dashboard-drill-down',
      'drill-down-waiting-on',
      'drill-down-empty',
    ];
    const people = ['person', 'person-easy-read', 'person-large-print'];
    const forms = commandTypes.map((type) => `form-${type}`);
    expect(forms).toHaveLength(21);
    expect([...pagesChecked].sort()).toEqual([...states, ...errors, ...others, ...dashboards, ...people, ...forms].sort());
  });
});

/** Each chart's bars and bands, measured off the SVG, are the numbers of the table beside it. */
async function expectChartsDrawTables(page: Page, shown: DashboardFigures): Promise<void> {
  const label = (stage: string) => stage.replace(/_/g, ' ');
  const byKey = (rows: Array<{ label: string; name: string; value: number }>) =>
    rows.map(({ label: l, name, value }) => `${l} / ${name}: ${value}`).sort();
  const drawnAsTitled = (bars: Awaited<ReturnType<typeof readBarChart>>) => {
    for (const bar of bars) expect(Math.abs(bar.drawn - bar.value)).toBeLessThanOrEqual(bar.tolerance);
    return byKey(bars);
  };
  const stageParts = Object.entries(shown.stages).flatMap(([stage, s]) =>
    [
      { name: 'Within target', value: s.open - s.overTarget },
      { name: 'Over target', value: s.overTarget - s.breached },
      { name: 'Breached (2 x target)', value: s.breached },
    ].map((part) => ({ label: label(stage), ...part })),
  );
  expect(drawnAsTitled(await readBarChart(page, 'stages-chart'))).toEqual(byKey(stageParts.filter((p) => p.value > 0)));
  const split = Object.entries(shown.waitingOn).flatMap(([stage, parties]) =>
    Object.entries(parties).map(([name, value]) => ({ label: label(stage), name, value })),
  );
  expect(drawnAsTitled(await readBarChart(page, 'split-chart'))).toEqual(byKey(split));
  const medians = shown.waiting.map((w) => ({ label: w.party, name: 'Median days per journey', value: w.medianDaysPerJourney }));
  expect(drawnAsTitled(await readBarChart(page, 'waiting-chart'))).toEqual(byKey(medians.filter((m) => m.value > 0)));
  const flow = await readFlowChart(page, 'flow-chart');
  const stages = Object.keys(shown.flow[0]!.counts);
  expect(Object.keys(flow.counts).sort()).toEqual([...stages].sort());
  for (const stage of stages) {
    const drawn = flow.counts[stage]!;
    expect(drawn).toHaveLength(shown.flow.length);
    shown.flow.forEach((day, i) =>
      expect(Math.abs(drawn[i]! - day.counts[stage]!)).toBeLessThanOrEqual(flow.tolerance(day.counts[stage]!)),
    );
  }
}
