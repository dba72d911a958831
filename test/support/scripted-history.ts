import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decide, evolve, initialState, type Command, type JourneyState, type RecordedEvent } from '../../domain';
import type { Actor, Pathway } from '../../domain/vocabulary';
import { appendToStream } from '../../db/event-store';
import { journeyProjectors } from '../../db/projections';
import { journeyStreamId } from '../../domain/ids';
import type { Database } from '../../db/schema';

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const coordinator: Actor = { sub: 'alice', role: 'coordinator' };
const approver: Actor = { sub: 'ash', role: 'approver' };

export type ScriptStep = [day: number, command: Command | Record<string, unknown>, actor?: Actor];

/**
 * Writes a journey whose commands happen at chosen days after T0, through the real decider and the same
 * append and projections as the live system, so that expectations can be computed by hand.
 */
export async function writeScriptedJourney(
  db: Kysely<Database>,
  steps: ScriptStep[],
  journeyId = randomUUID(),
  where: { team?: string; pathway?: Pathway } = {},
): Promise<string> {
  let state: JourneyState = initialState;
  const open: ScriptStep = [
    0,
    { type: 'open_journey', journeyId, pathway: where.pathway ?? 'chc', team: where.team ?? 'north', referralSource: 'gp' },
  ];
  for (const [
    day,
    command,
    actor = (command as { type: string }).type.endsWith('_plan') && (command as { type: string }).type !== 'submit_plan'
      ? approver
      : coordinator,
  ] of [open, ...steps]) {
    const occurredAt = new Date(T0 + day * DAY).toISOString();
    const decided = decide(command as Command, state, { actor });
    const events = decided.map((e, i) => ({
      ...e,
      eventId: randomUUID(),
      version: state.version + i + 1,
      occurredAt,
      actor,
    })) as RecordedEvent[];
    await appendToStream(
      db,
      journeyStreamId(journeyId),
      state.version,
      events.map(({ eventId, type, data }) => ({ eventId, type, data, actor, occurredAt })),
      journeyProjectors(DAY),
    );
    state = events.reduce(evolve, state);
  }
  return journeyId;
}

/** The commands from referral into each stage, as script steps starting at the given days. */
export const toAwareness = (d1: number, d2: number): ScriptStep[] => [
  [d1, { type: 'assign_coordinator', coordinator: 'alice' }],
  [d2, { type: 'record_consent', given: true, by: 'person' }],
];
export const toAssessment = (d1: number, d2: number): ScriptStep[] => [
  [d1, { type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' }],
  [d2, { type: 'record_decision', decision: 'proceed' }],
];
export const toPlanning = (d1: number, d2: number, d3: number): ScriptStep[] => [
  [d1, { type: 'record_assessment', outcome: 'eligible', needs: ['care'] }],
  [d2, { type: 'set_indicative_budget', amountPence: 1_000_000, method: 'estimate', trace: [] }],
  [d3, { type: 'record_budget_told', channel: 'phone' }],
];
export const submit = (day: number, pence = 1_000_000): ScriptStep[] => [
  [day, { type: 'record_advice_offer', outcome: 'accepted' }],
  [
    day,
    {
      type: 'submit_plan',
      outcomes: ['Home'],
      lines: [{ description: 'PA', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: pence }],
      risks: [],
    },
  ],
];
