import { nextSteps, type TypicalDays } from '../next-steps/next-steps';
import { budgetNameOf, funderOf } from '../next-steps/words';
import type { JourneyEvent } from '../events';
import type { JourneyState } from '../state';
import type { DuePointKind } from '../vocabulary';
import type { MessageForecast, TemplateContext } from './context';
import { redactNhsNumbers } from './redact';
import { englishTemplates, type TemplateId } from './templates';
import { welsh, welshTemplates } from './welsh';

export type MessageFormat = 'standard' | 'easy_read' | 'large_print';

export interface RenderInput {
  template: TemplateId;
  state: JourneyState;
  /** The event an event message answers (a decision's reasons). */
  event?: JourneyEvent | null;
  /** The timer point a reminder, invitation or apology answers. */
  dueKind?: DuePointKind | null;
  /** ISO time: the caller's clock (the domain has none). */
  now: string;
  policyDayMs: number;
  typicalDays?: TypicalDays;
  forecast?: MessageForecast | null;
  team: string;
  /** Whom it is addressed to; `copyFor` names the person when this is their representative's copy. */
  addressee: { name: string; copyFor?: string };
  format: MessageFormat;
  /** A language tag: `cy` (or `cy-GB`) gets the Welsh text first where a Welsh template exists. */
  language: string;
  /** The person's NHS number: only so that no message can ever carry it. */
  nhsNumber?: string;
}

export interface RenderedMessage {
  template: TemplateId;
  subject: string;
  /** Paragraphs, one sentence each in easy read. */
  paragraphs: string[];
  text: string;
  html: string;
  format: MessageFormat;
  /** The language actually used: `cy` only where a Welsh template exists. */
  language: 'en' | 'cy';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Large print is 18 point or more (RNIB); easy read keeps one short sentence to a line, with space around it. */
function toHtml(subject: string, paragraphs: string[], format: MessageFormat): string {
  const size = format === 'large_print' ? '24px' : format === 'easy_read' ? '20px' : '16px';
  const body = paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>\n<body style="font-family: Arial, sans-serif; font-size: ${size}; line-height: 1.5">\n${body}\n</body></html>\n`;
}

/**
 * One message, ready to send: the template's words for this journey now, in the person's format and (where
 * a template exists) language, addressed to the person or to their representative as a copy. Pure: run at
 * send time, inside the activity, so personal data never travels in a workflow's payloads. Whatever was
 * typed into a reason or a note, no NHS number leaves in a message.
 *
 * @example
 * renderMessage({ template: 'welcome', state, now, policyDayMs, team: 'north', addressee: { name: 'Ada' }, format: 'standard', language: 'en' }).subject
 * // 'Your personal health budget: what happens now'
 */
export function renderMessage(input: RenderInput): RenderedMessage {
  const easy = input.format === 'easy_read';
  const steps = nextSteps({
    state: input.state,
    now: input.now,
    typicalDays: input.typicalDays,
    contact: { name: `the ${input.team} team` },
    format: easy ? 'easy_read' : 'standard',
    policyDayMs: input.policyDayMs,
  });
  const c: TemplateContext = {
    state: input.state,
    pathway: input.state.pathway,
    steps,
    easy,
    event: input.event ?? null,
    dueKind: input.dueKind ?? null,
    forecast: input.forecast ?? null,
    budgetName: budgetNameOf(input.state.pathway),
    funder: funderOf(input.state.pathway),
  };
  const english = englishTemplates[input.template](c);
  const { name, copyFor } = input.addressee;
  // Easy read keeps one sentence to a line: the summary's fields hold several.
  const split = (line: string) => (easy ? line.split(/(?<=[.?!])\s+(?=[A-Z£0-9])/) : [line]);
  const tidy = (lines: string[]) =>
    lines
      .flatMap(split)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const englishPart = tidy([
    `Dear ${name},`,
    ...(copyFor ? [`You are getting a copy of this message because you represent ${copyFor}.`] : []),
    ...english.lines,
    steps.contact,
    'Best wishes,',
    `The ${input.team} team`,
  ]);
  const welshTemplate = /^cy(-|$)/i.test(input.language) ? welshTemplates[input.template] : undefined;
  let subject = english.subject;
  let paragraphs = englishPart;
  if (welshTemplate) {
    const w = welshTemplate(c);
    subject = `${w.subject} / ${english.subject}`;
    paragraphs = tidy([
      welsh.dear(name),
      ...(copyFor ? [welsh.copy(copyFor)] : []),
      ...w.lines,
      ...welsh.regards(input.team),
      welsh.englishBelow,
      ...englishPart,
    ]);
  }
  const clean = (s: string) => redactNhsNumbers(s, input.nhsNumber);
  subject = clean(subject);
  paragraphs = paragraphs.map(clean);
  return {
    template: input.template,
    subject,
    paragraphs,
    text: `${paragraphs.join('\n\n')}\n`,
    html: toHtml(subject, paragraphs, input.format),
    format: input.format,
    language: welshTemplate ? 'cy' : 'en',
  };
}
