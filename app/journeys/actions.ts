import type { Kysely } from 'kysely';
import { commandRoles, type JourneyCommand } from '../../domain/commands';
import { decide } from '../../domain/decide';
import { DomainError } from '../../domain/errors';
import type { JourneyState } from '../../domain/state';
import type { Database } from '../../db/schema';
import type { VisibleJourney } from '../access';
import { notFound } from '../errors';
import { actorOf, type Principal } from '../principal';

type CommandType = JourneyCommand['type'];

/** What each command does, in plain words for a list of what can be done now. */
export const actionLabels: Record<CommandType, string> = {
  assign_coordinator: 'Assign a care coordinator',
  record_consent: 'Record consent',
  record_information_given: 'Record what the person was told',
  record_decision: 'Record whether the person goes ahead',
  record_assessment: 'Record the assessment',
  set_indicative_budget: 'Set the indicative budget',
  record_budget_told: 'Record that the person was told the amount',
  record_advice_offer: 'Record the offer of independent advice',
  submit_plan: 'Submit the plan for sign-off',
  approve_plan: 'Approve the plan',
  return_plan: 'Return the plan for changes',
  refuse_plan: 'Refuse the plan',
  record_support_started: 'Record that support started',
  complete_review: 'Complete the review',
  request_review: 'Ask for a review',
  put_on_hold: 'Put the journey on hold',
  resume: 'Resume the journey',
  withdraw: 'Withdraw',
  close: 'Close the journey',
  update_preferences: 'Change how the person hears from us',
  request_advice: 'Ask for independent advice',
};

/**
 * A command of each type as a client might send it, to ask the decider whether the journey allows it
 * now. Only the journey's state decides that for these: where a command's own fields could be refused,
 * the sample is one the journey would take (its plan, its amount, today).
 */
function sampleOf(type: CommandType, state: JourneyState, today: string): JourneyCommand {
  const stream = state.pathway === 'social_care' ? 'social_care' : 'nhs';
  const lines = state.budget.final?.lines ?? [
    { description: 'Support', fundingStream: stream, managementOption: 'notional', annualCostPence: 1 },
  ];
  const samples: { [T in CommandType]: Extract<JourneyCommand, { type: T }> } = {
    assign_coordinator: { type: 'assign_coordinator', coordinator: `${state.coordinator ?? ''}-sample` },
    record_consent: { type: 'record_consent', given: true, by: 'person' },
    record_information_given: { type: 'record_information_given', topics: ['personal_budgets'], channel: 'phone' },
    record_decision: { type: 'record_decision', decision: 'proceed' },
    record_assessment: { type: 'record_assessment', outcome: 'eligible', needs: [] },
    set_indicative_budget: { type: 'set_indicative_budget', amountPence: 1, method: 'estimate', trace: [] },
    record_budget_told: { type: 'record_budget_told', channel: 'phone' },
    record_advice_offer: { type: 'record_advice_offer', outcome: 'later' },
    submit_plan: { type: 'submit_plan', outcomes: ['-'], lines, risks: [] },
    approve_plan: { type: 'approve_plan' },
    return_plan: { type: 'return_plan', reasons: ['-'] },
    refuse_plan: { type: 'refuse_plan', reasons: ['-'] },
    record_support_started: { type: 'record_support_started', date: today },
    complete_review: { type: 'complete_review', outcome: 'keep' },
    request_review: { type: 'request_review', reason: '-' },
    put_on_hold: { type: 'put_on_hold', reason: '-' },
    resume: { type: 'resume' },
    withdraw: { type: 'withdraw', reason: '-' },
    close: { type: 'close', reason: 'other' },
    update_preferences: { type: 'update_preferences', language: 'en' },
    request_advice: { type: 'request_advice' },
  };
  return samples[type];
}

export interface Action {
  type: CommandType;
  label: string;
  allowed: boolean;
  /** Why not now, in the decider's words (what must happen first), when it is not allowed. */
  blockedBy?: string;
}

/** What the principal may do to the journey now, from the same decider the workflow runs; their role's commands only. */
export function actionsFor(principal: Principal, state: JourneyState, today: string): Action[] {
  const types = (Object.keys(commandRoles) as CommandType[]).filter((type) => commandRoles[type].includes(principal.role));
  return types.map((type) => {
    try {
      decide(sampleOf(type, state, today), state, { actor: actorOf(principal) });
      return { type, label: actionLabels[type], allowed: true };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { type, label: actionLabels[type], allowed: false, blockedBy: error.message };
    }
  });
}

/** `GET /api/journeys/{id}/actions`: the caller's actions on a journey they see. */
export function createActions(db: Kysely<Database>) {
  return async function actions(principal: Principal, journey: VisibleJourney, now = new Date()) {
    const row = await db.selectFrom('journeys').select('state').where('journey_id', '=', journey.journeyId).executeTakeFirst();
    if (!row) throw notFound();
    return { journeyId: journey.journeyId, actions: actionsFor(principal, row.state as JourneyState, now.toISOString().slice(0, 10)) };
  };
}
