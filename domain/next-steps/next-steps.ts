import { ms } from '../dates';
import { slowestOption } from '../money';
import { budgetText } from './budget';
import { closedText } from './closed';
import { type Ctx, pick, type TypicalDays } from './context';
import { stageText } from './stages';
import { howLong } from './timing';
import { budgetNameOf, funderOf, lowerFirst } from './words';
import type { JourneyState } from '../state';
import type { Stage } from '../vocabulary';

export type { TypicalDays } from './context';

export interface NextStepsInput {
  state: JourneyState;
  /** ISO time: the caller's clock (the domain has none). */
  now: string;
  /** How long the current and later stages usually take, when known from past journeys; else policy targets are used. */
  typicalDays?: TypicalDays;
  /** Who to contact, from the journey's team configuration. */
  contact?: { name?: string; phone?: string; email?: string };
  format?: 'standard' | 'easy_read';
  /** How long one policy day lasts (`POLICY_DAY_MS`), to count the days waited; one real day by default. */
  policyDayMs?: number;
}

export interface NextSteps {
  stage: Stage;
  /** Where the person is now. */
  where: string;
  /** What happens next, and what the person needs to do when the next step is theirs. */
  next: string;
  /** Who is doing it: 'You', 'Your care coordinator', 'A team leader', 'A panel of senior staff', ... */
  who: string;
  /** How long it usually takes, honestly: late is said plainly, with an apology when the organisation holds the ball. */
  howLong: string;
  /** The budget once told to the person, with how it was worked out; null before it is told (and once closed). */
  budget: string | null;
  /** Who to contact. */
  contact: string;
  /** Everything above as short sentences, in order. */
  sentences: string[];
}

const DAY_MS = 86_400_000;

function context(input: NextStepsInput): Ctx {
  const { state } = input;
  const dayMs = input.policyDayMs !== undefined && Number.isFinite(input.policyDayMs) && input.policyDayMs > 0 ? input.policyDayMs : DAY_MS;
  return {
    state,
    easy: input.format === 'easy_read',
    nowMs: ms(input.now),
    dayMs,
    typicalDays: input.typicalDays ?? {},
    funder: funderOf(state.pathway),
    budgetName: budgetNameOf(state.pathway),
    again: state.reviewClock !== null,
  };
}

/** Who holds the ball, in everyday words, and the sentence that says so. */
function who(c: Ctx): { label: string; sentence: string[] } {
  const { state } = c;
  if (state.status === 'closed') return { label: 'No one', sentence: [] };
  let label: string;
  let easyLabel: string | undefined;
  switch (state.waitingOn) {
    case null:
      return state.status === 'open'
        ? {
            label: 'No one right now',
            sentence: pick(c, ['No one needs to do anything right now.'], ['You do not need to do anything now.']),
          }
        : { label: 'Our team', sentence: [] };
    case 'person':
      return {
        label: state.stage === 'planning' ? 'You, with help from your care coordinator' : 'You',
        sentence: pick(c, ['The next step is yours.'], ['The next step is yours.']),
      };
    case 'coordinator':
      label = state.coordinator ? 'Your care coordinator' : 'Our team';
      break;
    case 'assessor':
      label = `A health or care professional from ${c.funder}`;
      easyLabel = 'A health or care worker';
      break;
    case 'finance':
      label = `The finance team at ${c.funder}`;
      easyLabel = 'Our finance team';
      break;
    case 'approver':
      label = state.budget.signOffRoute === 'manager' ? 'A manager' : 'A team leader';
      break;
    case 'panel':
      label = 'A panel of senior staff';
      break;
    case 'provider':
      label =
        slowestOption(state.budget.final?.lines ?? []) === 'third_party'
          ? 'The organisation that will hold your money'
          : 'The organisation that will provide your support';
      break;
    case 'advocate':
      label = 'Your advocate';
      break;
  }
  return {
    label,
    sentence: pick(c, [`This step is with ${lowerFirst(label)}.`], [`This step is with ${lowerFirst(easyLabel ?? label)}.`]),
  };
}

function contactText(c: Ctx, contact: NextStepsInput['contact']): string[] {
  const name = contact?.name?.trim() || undefined;
  const phone = contact?.phone?.trim() || undefined;
  const email = contact?.email?.trim() || undefined;
  const fallback = c.state.coordinator ? 'your care coordinator' : 'us';
  const ask = 'If you have questions,';
  const standard =
    phone && email
      ? `${ask} call ${name ?? 'us'} on ${phone} or email ${email}.`
      : phone
        ? `${ask} call ${name ?? 'us'} on ${phone}.`
        : email
          ? `${ask} email ${name ? `${name} at ` : ''}${email}.`
          : `${ask} contact ${name ?? fallback}.`;
  return pick(
    c,
    [standard],
    [`${ask} contact ${name ?? fallback}.`, phone && `Call ${phone}.`, email && `${phone ? 'Or email' : 'Email'} ${email}.`],
  );
}

/** On hold: nothing moves on, and the person's reminders stop, until the coordinator resumes the journey. */
function paused(c: Ctx): { where: string[]; next: string[] } {
  const personHolds = c.state.waitingOn === 'person';
  return {
    where: pick(c, ['Your journey is paused for now.'], ['Your journey is paused.']),
    next: pick(
      c,
      [
        'While it is paused, we will not send you reminders.',
        personHolds && 'You do not need to do anything until it restarts.',
        'Your care coordinator will restart it when the time is right.',
        'When it restarts, we will carry on from where we stopped.',
      ],
      [
        'We will not send you reminders now.',
        personHolds && 'You do not need to do anything now.',
        'Your care coordinator will start it again.',
        'Then we carry on.',
      ],
    ),
  };
}

function whereAndNext(c: Ctx): { where: string[]; next: string[] } {
  const { state } = c;
  if (state.status === 'closed') return closedText(c);
  if (state.status !== 'open')
    return {
      where: pick(c, ['We have not opened your journey yet.'], ['We have not started yet.']),
      next: pick(c, ['We will contact you when it starts.'], ['We will contact you soon.']),
    };
  const text = stageText(c);
  if (!state.onHold) return { where: text.where, next: [...text.next, ...text.todo] };
  const hold = paused(c);
  return { where: [...text.where, ...hold.where], next: [...hold.next, ...text.next] };
}

/**
 * The plain-English summary for the person (`GET /api/journeys/{id}/next-steps`): where they are, what
 * happens next, who is doing it, how long it usually takes (lesson 7), their budget once told (lesson 3),
 * and who to contact. Pure and deterministic: the clock is the caller's `now`, and money and dates are
 * formatted by hand, never by the machine's locale.
 *
 * @example
 * nextSteps({ state, now: '2025-04-01T09:00:00Z', contact: { name: 'the North team', phone: '0113 496 0000' } }).sentences
 * // ['You are at step 5 of 7: making your plan.', 'You know your budget, and now you are making your plan.', ...]
 */
export function nextSteps(input: NextStepsInput): NextSteps {
  const c = context(input);
  const { where, next } = whereAndNext(c);
  const holder = who(c);
  const timing = howLong(c);
  const budget = budgetText(c);
  const contact = contactText(c, input.contact);
  const join = (lines: readonly string[]) => lines.join(' ');
  return {
    stage: input.state.stage,
    where: join(where),
    next: join(next),
    who: holder.label,
    howLong: join(timing),
    budget: budget === null ? null : join(budget),
    contact: join(contact),
    sentences: [...where, ...next, ...holder.sentence, ...timing, ...(budget ?? []), ...contact],
  };
}
