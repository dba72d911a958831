import type { StreamTotals } from '../events';
import type { FundingStream } from '../vocabulary';
import { type Ctx, pick } from './context';
import { clause, longDate, pounds } from './words';

const payers: Record<FundingStream, string> = { nhs: 'the NHS', social_care: 'the council', education: 'education services' };

/** 'the NHS pays £6,000 and the council pays £4,000', when more than one funding stream pays. */
function split(perStream: StreamTotals): string | null {
  const parts = (Object.keys(payers) as FundingStream[])
    .filter((stream) => perStream[stream] > 0)
    .map((stream) => `${payers[stream]} ${stream === 'education' ? 'pay' : 'pays'} ${pounds(perStream[stream])}`);
  if (parts.length < 2) return null;
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

/** The costed plan next to the amount told, once there is a plan being approved, set up or in force. */
function plan(c: Ctx): string[] {
  const { final } = c.state.budget;
  const stage = c.state.stage;
  const current = stage === 'sign_off' || stage === 'setup' || stage === 'active' || stage === 'review';
  const returned = stage === 'planning' && c.state.returnedReasons !== null;
  if (!final || (!current && !returned)) return [];
  const costs = `${returned ? 'The plan you sent costs' : 'Your plan costs'} ${pounds(final.totalPence)} a year.`;
  const v = final.variancePence;
  const difference =
    v > 0
      ? `That is ${pounds(v)} more than your budget.`
      : v < 0
        ? `That is ${pounds(-v)} less than your budget.`
        : 'That is the same as your budget.';
  const streams = split(final.perStream);
  return pick(c, [costs, difference, streams && `Of this, ${streams} a year.`], [costs, difference]);
}

/**
 * Lesson 3: the amount, and how it was worked out, once it has been told to the person. Null before then,
 * and after a recalculation until the new amount is told: a calculated amount is never leaked. Null for a
 * closed journey too, which has no budget left to plan with.
 */
export function budgetText(c: Ctx): string[] | null {
  const { state } = c;
  const indicative = state.budget.indicative;
  if (state.status !== 'open' || !state.lessons.amountTold || !indicative?.toldAt) return null;
  const method =
    indicative.method === 'ras'
      ? pick(
          c,
          ['We worked it out with a points system that turns your needs into money.'],
          ['We used a points system to work it out.', 'Your needs give you points.', 'The points turn into money.'],
        )
      : indicative.method === 'ready_reckoner'
        ? pick(
            c,
            ['We worked it out from the hours of support you need and the cost of each hour.'],
            ['We counted the hours of help you need.', 'Then we used the cost of each hour.'],
          )
        : pick(
            c,
            ['This is an early estimate, so it may change when we work out what your plan costs.'],
            ['This amount is an early guess.', 'It may change later.'],
          );
  const trace = indicative.trace.map((line) => `${clause(line.label)}: ${pounds(line.amountPence)}.`);
  return [
    `Your budget is ${pounds(indicative.amountPence)} a year.`,
    ...pick(c, [`We told you this on ${longDate(indicative.toldAt)}.`], [`We told you on ${longDate(indicative.toldAt)}.`]),
    ...method,
    ...(trace.length > 0 ? [...pick(c, ['This is how we worked it out.'], ['This is how we worked it out.']), ...trace] : []),
    ...plan(c),
  ];
}
