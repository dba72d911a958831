import fc from 'fast-check';
import { messageOwed, renderMessage, templateIds, type RenderInput, type TemplateId } from '../../../domain/messages';
import { containsNhsNumber, redactNhsNumbers } from '../../../domain/messages/redact';
import type { JourneyEvent } from '../../../domain/events';
import { DAY, journey, approver, type Journey } from '../domain/decider-spec';

const NHS = '9434765919';

function render(j: Journey, template: TemplateId, extra: Partial<RenderInput> = {}) {
  return renderMessage({
    template,
    state: j.state,
    now: new Date(j.now).toISOString(),
    policyDayMs: DAY,
    team: 'north',
    addressee: { name: 'Ada Example' },
    format: 'standard',
    language: 'en',
    nhsNumber: NHS,
    ...extra,
  });
}

const withIds = (events: JourneyEvent[]) => events.map((e, i) => ({ ...e, eventId: `e${i}` }));

describe('which message a command owes the person', () => {
  it('welcomes a new journey once, not also with the first stage', () => {
    const j = journey('chc');
    expect(messageOwed(withIds(j.events))).toEqual({ eventId: 'e0', template: 'welcome' });
  });

  it('tells the budget rather than the stage it opens, and a decision above all', () => {
    const j = journey('phb').to('indicative_budget');
    j.run({ type: 'set_indicative_budget', amountPence: 1_200_000, method: 'ras', trace: [] });
    const told = j.run({ type: 'record_budget_told', channel: 'phone' });
    expect(told.map((e) => e.type)).toContain('stage_changed');
    expect(messageOwed(withIds(told))?.template).toBe('indicative_budget');
    const k = journey('phb').to('sign_off');
    expect(messageOwed(withIds(k.run({ type: 'refuse_plan', reasons: ['Too costly'] }, approver)))?.template).toBe('decision');
  });

  it('owes nothing for bookkeeping events such as a reminder or a budget not yet told', () => {
    const j = journey('phb').to('indicative_budget');
    expect(messageOwed(withIds(j.run({ type: 'set_indicative_budget', amountPence: 1, method: 'ras', trace: [] })))).toBeNull();
  });
});

describe('the messages', () => {
  it('the welcome names the person, the next step and the expected date of support', () => {
    const j = journey('chc');
    const m = render(j, 'welcome', {
      forecast: { completionP50: '2025-06-01T00:00:00Z', completionP90: '2025-07-15T00:00:00Z', goal: 'support_starts' },
    });
    expect(m.subject).toBe('Your personal health budget: what happens now');
    expect(m.text).toMatch(/^Dear Ada Example,/);
    expect(m.text).toContain('1 June 2025');
    expect(m.text).toContain('15 July 2025');
    expect(m.text).toContain('step 1 of 7');
    expect(m.language).toBe('en');
  });

  it('the budget message says the amount and how it was worked out, only once told', () => {
    const j = journey('social_care').to('indicative_budget');
    j.run({
      type: 'set_indicative_budget',
      amountPence: 1_234_500,
      method: 'ras',
      trace: [
        { label: 'Personal care points', amountPence: 1_000_000 },
        { label: 'Night support', amountPence: 234_500 },
      ],
    });
    expect(render(j, 'indicative_budget').text).not.toContain('£12,345');
    j.run({ type: 'record_budget_told', channel: 'phone' });
    const m = render(j, 'indicative_budget');
    expect(m.text).toContain('Your budget is £12,345 a year.');
    expect(m.text).toContain('Personal care points: £10,000.');
    expect(m.text).toContain('Night support: £2,345.');
  });

  it('a decision gives the reasons and how to challenge it', () => {
    const j = journey('social_care').to('sign_off');
    const events = j.run({ type: 'refuse_plan', reasons: ['The plan pays for things the law does not allow'] }, approver);
    const m = render(j, 'decision', { event: events.find((e) => e.type === 'plan_refused') });
    expect(m.text).toContain('- The plan pays for things the law does not allow.');
    expect(m.text).toContain('Local Government and Social Care Ombudsman');
    const chc = journey('chc').to('assessment');
    const ineligible = chc.run({
      type: 'record_assessment',
      outcome: 'ineligible',
      needs: [],
      reason: 'Needs are not primarily health needs',
    });
    const d = render(chc, 'decision', { event: ineligible.find((e) => e.type === 'assessment_recorded') });
    expect(d.subject).toBe('Our decision about your eligibility');
    expect(d.text).toContain('NHS England for an independent review');
  });

  it('the apology says sorry and gives the new date', () => {
    const j = journey('phb').to('assessment').wait(40);
    const m = render(j, 'apology', {
      forecast: { completionP50: '2025-09-09T00:00:00Z', completionP90: '2025-10-01T00:00:00Z', goal: 'support_starts' },
    });
    expect(m.text).toContain('We are sorry');
    expect(m.text).toContain('9 September 2025');
  });

  it('easy read is short sentences, large print is big type, Welsh comes first where a template exists', () => {
    const j = journey('phb').to('awareness');
    const easy = render(j, 'reminder', { format: 'easy_read', dueKind: 'person_reminder' });
    for (const p of easy.paragraphs.slice(1, -2)) expect(p.split(/\s+/).length).toBeLessThanOrEqual(14);
    expect(render(j, 'reminder', { format: 'large_print' }).html).toContain('font-size: 24px');
    const cy = render(j, 'reminder', { language: 'cy', dueKind: 'person_reminder' });
    expect(cy.language).toBe('cy');
    expect(cy.text.startsWith('Annwyl Ada Example,')).toBe(true);
    expect(cy.text).toContain("mae'r cam nesaf yn eich dwylo chi");
    expect(cy.text).toContain('This is a reminder that the next step is yours.');
    // No Welsh template for this one: English, and it says so.
    expect(render(j, 'about_budgets', { language: 'cy' }).language).toBe('en');
  });

  it("a representative's copy says whom it is for", () => {
    const j = journey('phb').to('awareness');
    const m = render(j, 'reminder', { addressee: { name: 'Ben Example', copyFor: 'Ada Example' } });
    expect(m.text).toMatch(/^Dear Ben Example,\n\nYou are getting a copy of this message because you represent Ada Example\./);
  });
});

describe('no message ever carries an NHS number', () => {
  it('whatever the template, format, language, stage, or what staff typed into reasons', () => {
    const stages = ['referral', 'awareness', 'assessment', 'planning', 'sign_off', 'active'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...templateIds),
        fc.constantFrom('standard', 'easy_read', 'large_print' as const),
        fc.constantFrom('en', 'cy'),
        fc.constantFrom(...stages),
        fc.constantFrom('943 476 5919', '9434765919', '943-476-5919', '401 023 2137'),
        (template, format, language, stage, typed) => {
          const j = journey('social_care').to(stage);
          const event: JourneyEvent = { type: 'plan_refused', data: { route: 'team_lead', reasons: [`See record ${typed} for details`] } };
          const m = render(j, template, { format, language, event, addressee: { name: `Ada ${typed}` } });
          for (const text of [m.subject, m.text, m.html]) {
            expect(containsNhsNumber(text, NHS)).toBe(false);
            expect(text.replace(/\D/g, '')).not.toContain(NHS);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves other numbers alone: phone numbers, amounts, dates', () => {
    expect(redactNhsNumbers('Call 0113 496 0000 about £12,345 on 2025-03-02.')).toBe('Call 0113 496 0000 about £12,345 on 2025-03-02.');
    expect(redactNhsNumbers('NHS number 943 476 5919.')).toBe('NHS number [number removed].');
  });
});
