import type { Browser, Page } from 'playwright-core';
import { mintPersonLink } from '../../web/person-link';
import { launchBrowser, newSession, screenshot, seriousViolations } from '../support/browser';
import { journeyDriver } from '../support/journey-driver';
import { openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The web app end to end in headless Chromium (Debian's package), against the real API, Temporal dev
 * server and PostgreSQL: every page is checked with axe-core and saved as a screenshot.
 */
let system: TestSystem;
let browser: Browser;
const pagesChecked: string[] = [];

beforeAll(async () => {
  [system, browser] = await Promise.all([startTestSystem(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/**
 * No script and no inline style on the page (it works without JavaScript, and under the strict CSP);
 * no serious or critical accessibility violation; and a screenshot of it.
 */
async function check(page: Page, name: string): Promise<void> {
  expect(await page.locator('script, [style], style').count()).toBe(0);
  const violations = await seriousViolations(page);
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await screenshot(page, name);
  pagesChecked.push(name);
}

async function signIn(page: Page, role: string, sub: string, teams = 'north'): Promise<void> {
  await page.goto('/sign-in');
  await page.locator(`input[name=role][value=${role}]`).check();
  await page.fill('#sub', sub);
  await page.fill('#teams', teams);
  await page.click('button:has-text("Sign in")');
}

/** Opens the command's form from the journey page, fills it, submits, and lands back on the journey. */
async function act(page: Page, journeyId: string, type: string, fill: (page: Page) => Promise<void> = async () => undefined): Promise<void> {
  await page.goto(`/journeys/${journeyId}/do/${type}`);
  await fill(page);
  await page.locator('form[action$="/do/' + type + '"] button').click();
  await page.waitForURL(new RegExp(`/journeys/${journeyId}\\?done=${type}$`));
}

const stageOf = async (page: Page) => (await page.locator('.nhsuk-summary-list__row:has-text("Stage") .nhsuk-summary-list__value').first().innerText()).trim();
const dashboardCount = async (page: Page, stage: string) => Number(await page.locator(`#stages-table tr[data-stage=${stage}] .pbe-open`).innerText());

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
    await context.close();
  });

  test('a coordinator opens a journey and drives it to sign-off', async () => {
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'coordinator', 'alice');
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await check(page, 'caseload');

    await page.goto('/journeys/new');
    await page.fill('#nhsNumber', '123');
    await page.click('button:has-text("Open journey")');
    expect(await page.locator('.nhsuk-error-summary').isVisible()).toBe(true);
    await check(page, 'open-journey-errors');
    // The API's 400 lands beside the field: the modulus 11 check on the NHS number.
    await page.fill('#name', 'Ada Example');
    await page.fill('#dob-day', '2');
    await page.fill('#dob-month', '3');
    await page.fill('#dob-year', '1950');
    await page.locator('input[name=pathway][value=chc]').check();
    await page.fill('#email', 'ada@example.org');
    await page.fill('#referralSource', 'GP');
    await page.click('button:has-text("Open journey")');
    expect(await page.locator('#nhsNumber-error').innerText()).toContain('NHS number');
    expect(await page.locator('.nhsuk-error-summary a[href="#nhsNumber"]').count()).toBe(1);
    await page.fill('#nhsNumber', '943 476 5919');
    await page.click('button:has-text("Open journey")');
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    journeyId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await stageOf(page)).toContain('Referral');
    await check(page, 'journey-referral');

    await page.goto(`/journeys/${journeyId}/do/assign_coordinator`);
    await check(page, 'form-assign-coordinator');
    await act(page, journeyId, 'assign_coordinator');
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
    await page.goto(`/journeys/${journeyId}/do/set_indicative_budget`);
    await check(page, 'form-set-indicative-budget');
    await act(page, journeyId, 'set_indicative_budget', async (p) => {
      await p.fill('#amountPence', '20,000');
      await p.locator('input[name=method][value=ready_reckoner]').check();
      await p.fill('#trace', '20 hours a week at £19.23 = £20,000');
    });
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
    await page.fill('#date-day', '1');
    await page.fill('#date-month', '4');
    await page.fill('#date-year', '2026');
    await page.locator('form[action$="/do/record_support_started"] button').click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toMatch(/support|approv|sign/i);
    await check(page, 'form-conflict');

    // Pages that show a journey are in its audit trail, under the signed-in principal.
    const trail = await system.db.selectFrom('audit_log').select(['actor_sub', 'actor_role', 'action']).where('journey_id', '=', journeyId).execute();
    expect(trail).toContainEqual({ actor_sub: 'alice', actor_role: 'coordinator', action: 'web: read journey page' });
    expect(trail).toContainEqual({ actor_sub: 'alice', actor_role: 'coordinator', action: 'command submit_plan' });
    // Every step is attributed to the signed-in coordinator, as the API records it.
    const events = await journeyDriver(system).events(journeyId);
    expect(events.filter((e) => e.actor.role !== 'system').every((e) => e.actor.sub === 'alice' && e.actor.role === 'coordinator')).toBe(true);
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
    await check(page, 'form-approve-plan');
    await page.locator('form[action$="/do/approve_plan"] button').click();
    await page.waitForURL(new RegExp(`/journeys/${journeyId}\\?done=approve_plan$`));
    expect(await stageOf(page)).toContain('Setup');
    const approved = (await journeyDriver(system).events(journeyId)).find((e) => e.type === 'plan_approved');
    expect(approved?.actor).toEqual({ sub: 'ash', role: 'approver' });
    await page.goto(`/journeys/${journeyId}/do/return_plan`);
    await check(page, 'form-return-plan');
    await context.close();

    await manager.page.reload();
    expect(await dashboardCount(manager.page, 'sign_off')).toBe(before.signOff - 1);
    expect(await dashboardCount(manager.page, 'setup')).toBe(before.setup + 1);
    await manager.page.click('#stages-table tr[data-stage=setup] a');
    expect(new URL(manager.page.url()).pathname).toBe('/dashboard/journeys');
    expect(await manager.page.locator(`a[href="/journeys/${journeyId}"]`).count()).toBe(1);
    await check(manager.page, 'dashboard-drill-down');
    await manager.page.goto('/dashboard?team=north&pathway=chc');
    expect(await dashboardCount(manager.page, 'setup')).toBeGreaterThanOrEqual(1);
    await manager.page.goto('/dashboard?team=nowhere');
    expect(await dashboardCount(manager.page, 'setup')).toBe(0);
    await manager.context.close();
  });

  test('an approver returns a plan with reasons, and the coordinator sees them on the journey', async () => {
    const driver = journeyDriver(system);
    const returnedId = await driver.open();
    await driver.driveTo(returnedId, 'sign_off');
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'approver', 'ash');
    await page.goto(`/journeys/${returnedId}/do/refuse_plan`);
    expect(await page.locator('.nhsuk-card--warning').innerText()).toContain('closes the journey');
    await check(page, 'form-refuse-plan');
    await page.goto(`/journeys/${returnedId}/do/return_plan`);
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

  test('a person sees their own page through a personal link, in easy read when that is their preference', async () => {
    const coordinator = await newSession(browser, system.url);
    await signIn(coordinator.page, 'coordinator', 'alice');
    await coordinator.page.goto(`/journeys/${journeyId}`);
    await coordinator.page.click('button:has-text("Make a personal link")');
    const link = await coordinator.page.locator('#person-link').getAttribute('href');
    expect(link).toMatch(/\/p\?t=[\w-]+\.[\w-]+\.[\w-]+$/);
    await check(coordinator.page, 'person-link');
    await coordinator.context.close();

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
    await context.close();

    const person = openJourneyBody().person;
    const easyId = await journeyDriver(system).open({ person: { ...person, preferences: { ...person.preferences, format: 'easy_read' } } });
    const easy = await newSession(browser, system.url);
    await easy.page.goto(`/p?t=${await mintPersonLink(system.config.AUTH_DEV_SECRET, easyId)}`);
    expect(await easy.page.locator('body.pbe-easy-read').count()).toBe(1);
    expect(await easy.page.locator('#sentences li').count()).toBeGreaterThan(2);
    await check(easy.page, 'person-easy-read');
    const largeId = await journeyDriver(system).open({ person: { ...person, preferences: { ...person.preferences, format: 'large_print' } } });
    await easy.page.goto(`/p?t=${await mintPersonLink(system.config.AUTH_DEV_SECRET, largeId)}`);
    expect(await easy.page.locator('body.pbe-large-print #where').count()).toBe(1);
    await check(easy.page, 'person-large-print');
    await easy.page.goto('/p?t=not-a-real-link');
    expect(await easy.page.locator('h1').innerText()).toBe('This link has expired');
    await easy.context.close();
  });

  test('staff of another team find nothing; a form without its CSRF token is refused', async () => {
    const { context, page } = await newSession(browser, system.url);
    await signIn(page, 'approver', 'sam', 'south');
    const response = await page.goto(`/journeys/${journeyId}`);
    expect(response?.status()).toBe(404);
    await check(page, 'not-found');
    const forged = await page.evaluate(
      async (url) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reasons=x' })).status,
      `${system.url}/journeys/${journeyId}/do/return_plan`,
    );
    expect(forged).toBe(403);
    const crossSite = await fetch(`${system.url}/journeys/${journeyId}/do/return_plan`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x' });
    expect(crossSite.status).toBe(403);
    await context.close();
    expect(pagesChecked.length).toBeGreaterThanOrEqual(15);
  });
});
