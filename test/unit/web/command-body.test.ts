import { JourneyCommand } from '../../../domain/commands';
import { issuesOf } from '../../../app/errors';
import { addIssues, formToCommand } from '../../../web/forms/command-body';
import { commandForms } from '../../../web/forms/command-fields';
import { parsePounds } from '../../../web/format';

describe('command forms: what the browser posts, as the API wants it', () => {
  test('every command of the contract has a form', () => {
    for (const option of JourneyCommand.options) expect(commandForms[option.shape.type.value]).toBeDefined();
  });

  test('pounds become pence; a calculation becomes trace lines; lines become lists', () => {
    const { command, errors } = formToCommand('set_indicative_budget', {
      amountPence: '£20,000.5',
      method: 'ras',
      trace: '20 hours a week at £19.23 = £20,000\nContribution = -£500\n',
    });
    expect(errors.list).toEqual([]);
    expect(command).toEqual({
      type: 'set_indicative_budget',
      amountPence: 2_000_050,
      method: 'ras',
      trace: [
        { label: '20 hours a week at £19.23', amountPence: 2_000_000 },
        { label: 'Contribution', amountPence: -50_000 },
      ],
    });
    expect(JourneyCommand.safeParse(command).success).toBe(true);
  });

  test('a date in three boxes becomes YYYY-MM-DD; yes/no becomes a boolean', () => {
    expect(formToCommand('record_support_started', { 'date-day': '7', 'date-month': '3', 'date-year': '2026' }).command).toEqual({
      type: 'record_support_started',
      date: '2026-03-07',
    });
    expect(formToCommand('record_consent', { given: 'no', by: 'representative' }).command).toEqual({
      type: 'record_consent',
      given: false,
      by: 'representative',
    });
  });

  test('a missing answer is named beside its field, and the summary links to it', () => {
    const { errors } = formToCommand('record_consent', {});
    expect(errors.byField.given).toBe('Select yes if consent was given');
    expect(errors.list.map((e) => e.href)).toEqual(['#given', '#by']);
    // An answer the form does not offer is not taken for no.
    const odd = formToCommand('record_consent', { given: 'maybe', by: 'person' });
    expect(odd.command.given).toBeUndefined();
    expect(odd.errors.list).toEqual([{ text: 'Select yes if consent was given', href: '#given' }]);
    const dates = formToCommand('record_support_started', { 'date-day': '40', 'date-month': 'x', 'date-year': '26' });
    expect(dates.errors.list).toEqual([{ text: expect.stringContaining('enter a real date'), href: '#date-day' }]);
  });

  test('plan rows: empty rows are skipped, and an API issue at lines.N reaches the row it came from', () => {
    const parsed = formToCommand('submit_plan', {
      outcomes: 'Stay at home',
      'lines-0-description': '',
      'lines-1-description': 'Personal assistant',
      'lines-1-fundingStream': 'nhs',
      'lines-1-managementOption': 'direct_payment',
      'lines-1-annualCost': '12000',
    });
    expect(parsed.errors.list).toEqual([]);
    expect(parsed.planRows).toEqual([1]);
    expect(parsed.command.lines).toEqual([
      { description: 'Personal assistant', fundingStream: 'nhs', managementOption: 'direct_payment', annualCostPence: 1_200_000 },
    ]);
    const errors = addIssues(
      { list: [], byField: {} },
      'submit_plan',
      [
        { path: 'lines.0.annualCostPence', message: 'must not be negative' },
        { path: 'outcomes.0', message: 'must not be empty' },
      ],
      parsed.planRows,
    );
    expect(errors.byField['lines-1-annualCost']).toBe('Line 2: must not be negative');
    expect(errors.list.map((e) => e.href)).toEqual(['#lines-1-annualCost', '#outcomes']);
  });

  test("the API's zod issues map onto the same fields as the form's own", () => {
    const checked = JourneyCommand.safeParse({ type: 'return_plan', reasons: [] });
    expect(checked.success).toBe(false);
    const errors = addIssues({ list: [], byField: {} }, 'return_plan', issuesOf(checked.error!), []);
    expect(errors.byField.reasons).toBe('Why are you returning it: give at least one reason');
  });

  test('parsePounds accepts what people type and refuses the rest', () => {
    expect(parsePounds('£1,250.50')).toBe(125_050);
    expect(parsePounds('1250.5')).toBe(125_050);
    expect(parsePounds(' 7 ')).toBe(700);
    for (const bad of ['', 'ten', '1.234', '-5', '1e3']) expect(parsePounds(bad)).toBeNull();
  });
});
