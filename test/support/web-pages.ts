import type { Page } from 'playwright-core';
import { screenshot, seriousViolations } from './browser';

/**
 * No script and no inline style on the page (it works without JavaScript, and under the strict CSP);
 * no serious or critical accessibility violation; and a screenshot of it under `name`.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await page.locator('script, [style], style').count()).toBe(0);
  const violations = await seriousViolations(page);
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await screenshot(page, name);
}

/** The development sign-in page, as staff use it. */
export async function signIn(page: Page, role: string, sub: string, teams = 'north'): Promise<void> {
  await page.goto('/sign-in');
  await page.locator(`input[name=role][value=${role}]`).check();
  await page.fill('#sub', sub);
  await page.fill('#teams', teams);
  await page.click('button:has-text("Sign in")');
}

/** Opens the command's form, fills it, submits, and lands back on the journey. */
export async function act(
  page: Page,
  journeyId: string,
  type: string,
  fill: (page: Page) => Promise<void> = async () => undefined,
): Promise<void> {
  await page.goto(`/journeys/${journeyId}/do/${type}`);
  await fill(page);
  await submitCommand(page, journeyId, type);
}

/** Submits the command form on the page and waits for the journey page it leads back to. */
export async function submitCommand(page: Page, journeyId: string, type: string): Promise<void> {
  await page.locator(`form[action$="/do/${type}"] button`).click();
  await page.waitForURL(new RegExp(`/journeys/${journeyId}\\?done=${type}$`));
}

/** A row of the journey page's summary list ("Stage", "Coordinator", ...). */
export const summaryValue = async (page: Page, key: string) =>
  (
    await page
      .locator(`.nhsuk-summary-list__row:has(.nhsuk-summary-list__key:text-is("${key}")) .nhsuk-summary-list__value`)
      .first()
      .innerText()
  ).trim();

export const stageOf = (page: Page) => summaryValue(page, 'Stage');

/** Fills a date field (three inputs: day, month, year) with a `YYYY-MM-DD` date. */
export async function fillDate(page: Page, field: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-').map(Number);
  await page.fill(`#${field}-day`, String(day));
  await page.fill(`#${field}-month`, String(month));
  await page.fill(`#${field}-year`, String(year));
}

/** Fills the open-journey form with a person and the journey's pathway; the NHS number only when given. */
export async function fillOpenJourney(
  page: Page,
  journey: { name: string; nhsNumber?: string; dateOfBirth: string; pathway: string; email: string; referralSource: string },
): Promise<void> {
  await page.fill('#name', journey.name);
  if (journey.nhsNumber !== undefined) await page.fill('#nhsNumber', journey.nhsNumber);
  await fillDate(page, 'dob', journey.dateOfBirth);
  await page.locator(`input[name=pathway][value=${journey.pathway}]`).check();
  await page.fill('#email', journey.email);
  await page.fill('#referralSource', journey.referralSource);
}
