import type { Issue } from '../../app/errors';
import type { JourneyCommand } from '../../domain/commands';
import { parsePounds } from '../format';
import { commandForms, type Field } from './command-fields';
import { addError, type FormErrors } from './form-errors';

export type FormBody = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
const many = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []);
const linesOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Where a field's error links to: the first radio or checkbox, the day of a date, the first plan line. */
export function anchorOf(field: Field): string {
  if (field.kind === 'date') return `${field.name}-day`;
  if (field.kind === 'planLines') return 'lines-0-description';
  return field.name;
}

const missing: Partial<Record<Field['kind'], (label: string) => string>> = {
  radios: (label) => `Select an answer: ${label.toLowerCase()}`,
  yesno: (label) => `Select an answer: ${label.toLowerCase()}`,
  checkboxes: (label) => `Select at least one: ${label.toLowerCase()}`,
  money: (label) => `Enter the ${label.toLowerCase()} in pounds`,
  date: (label) => `Enter the date: ${label.toLowerCase()}`,
};

export interface ParsedForm {
  command: Record<string, unknown>;
  errors: FormErrors;
  /** Which form row each plan line came from, so an issue at `lines.1.x` reaches the right row. */
  planRows: number[];
}

/**
 * Turns a posted form into the API's command body. What the browser cannot send as the API wants it
 * (pounds, dates in three boxes, one item a line) is converted here, with an error beside the field when
 * it cannot be; everything else is left for the API's own validation to judge.
 */
export function formToCommand(type: JourneyCommand['type'], body: FormBody): ParsedForm {
  const form = commandForms[type];
  const command: Record<string, unknown> = { type };
  const errors: FormErrors = { list: [], byField: {} };
  const planRows: number[] = [];
  for (const field of form.fields) {
    const raw = body[field.name];
    const text = one(raw);
    const needed = !('optional' in field && field.optional);
    const blank =
      field.kind === 'checkboxes'
        ? many(raw).length === 0
        : field.kind === 'date'
          ? !one(body[`${field.name}-day`]) && !one(body[`${field.name}-month`]) && !one(body[`${field.name}-year`])
          : field.kind === 'planLines'
            ? false
            : text === '';
    if (blank) {
      const message = 'missing' in field && field.missing ? () => field.missing! : missing[field.kind];
      if (needed && message) addError(errors, field.name, message(field.label), anchorOf(field));
      else if (needed && field.kind !== 'lines')
        addError(errors, field.name, `Enter ${field.label.toLowerCase().replace(/\?$/, '')}`, anchorOf(field));
      if (field.kind === 'lines' || field.kind === 'trace') command[field.name] = [];
      continue;
    }
    switch (field.kind) {
      case 'text':
      case 'textarea':
      case 'radios':
      case 'select':
        command[field.name] = text;
        break;
      case 'checkboxes':
        command[field.name] = many(raw);
        break;
      case 'lines':
        command[field.name] = linesOf(text);
        break;
      case 'yesno':
        // Only the two answers the form offers: anything else is not a no.
        if (text === 'yes' || text === 'no') command[field.name] = text === 'yes';
        else addError(errors, field.name, field.missing ?? `Select yes or no: ${field.label.toLowerCase()}`, anchorOf(field));
        break;
      case 'money': {
        const pence = parsePounds(text);
        if (pence === null)
          addError(errors, field.name, `${field.label} must be an amount in pounds, like 20000 or 20,000.50`, anchorOf(field));
        else command[field.name] = pence;
        break;
      }
      case 'date': {
        const [day, month, year] = ['day', 'month', 'year'].map((part) => one(body[`${field.name}-${part}`]));
        if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!))
          addError(
            errors,
            field.name,
            `${field.label.replace(/\?$/, '')}: enter a real date, with the day, month and year as numbers`,
            anchorOf(field),
          );
        else command[field.name] = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
        break;
      }
      case 'trace': {
        const steps = [];
        for (const [i, line] of linesOf(text).entries()) {
          const cut = line.lastIndexOf('=');
          const negative = cut >= 0 && /^\s*-/.test(line.slice(cut + 1));
          const pence = cut > 0 ? parsePounds(line.slice(cut + 1).replace(/^\s*-/, '')) : null;
          if (pence === null) {
            addError(
              errors,
              field.name,
              `${field.label}, line ${i + 1}: end the line with = and an amount, like = £1,000`,
              anchorOf(field),
            );
            break;
          }
          steps.push({ label: line.slice(0, cut).trim(), amountPence: negative ? -pence : pence });
        }
        command[field.name] = steps;
        break;
      }
    }
  }
  const planField = form.fields.find((f) => f.kind === 'planLines');
  if (planField && planField.kind === 'planLines') {
    const lines = [];
    for (let row = 0; row < planField.rows; row += 1) {
      const cell = (name: string) => one(body[`lines-${row}-${name}`]);
      if (!cell('description') && !cell('annualCost')) continue;
      const pence = parsePounds(cell('annualCost'));
      if (pence === null) addError(errors, `lines-${row}-annualCost`, `Line ${row + 1}: enter the cost a year in pounds, like 12000`);
      lines.push({
        description: cell('description'),
        fundingStream: cell('fundingStream'),
        managementOption: cell('managementOption'),
        annualCostPence: pence ?? 0,
      });
      planRows.push(row);
    }
    if (lines.length === 0) addError(errors, 'lines-0-description', 'Enter at least one costed line of the plan');
    command.lines = lines;
  }
  const note = one(body.note);
  if (note) command.note = note;
  return { command, errors, planRows };
}

/** Puts the API's issues (paths like `lines.1.annualCostPence`, `reasons.0`) beside the form's fields. */
export function addIssues(errors: FormErrors, type: JourneyCommand['type'], issues: Issue[], planRows: number[]): FormErrors {
  const fields = commandForms[type].fields;
  for (const issue of issues) {
    const [head, index, leaf] = issue.path.split('.');
    if (head === 'lines' && index !== undefined && /^\d+$/.test(index)) {
      const row = planRows[Number(index)] ?? Number(index);
      const cell = leaf === 'annualCostPence' ? 'annualCost' : (leaf ?? 'description');
      addError(errors, `lines-${row}-${cell}`, `Line ${row + 1}: ${issue.message}`);
      continue;
    }
    const field = fields.find((f) => f.name === head);
    if (field) addError(errors, field.name, `${field.label.replace(/\?$/, '').replace(/ \(.*\)$/, '')}: ${issue.message}`, anchorOf(field));
    else if (head === 'note') addError(errors, 'note', `Note: ${issue.message}`);
    else addError(errors, null, issue.message);
  }
  return errors;
}
