import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { policyOf, requireOpen, requireStage } from '../guards';
import { choosesDirectPayment, planTotals, signOffRoute } from '../money';
import type { JourneyState } from '../state';
import { moveTo } from '../transitions';

/**
 * Lesson 4: independent advice, offered at any open stage; any outcome (accepted, declined, later) counts
 * as offered. At a review it also counts as this review's offer.
 */
export function recordAdviceOffer(command: CommandOf<'record_advice_offer'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return [
    {
      type: 'advice_offered',
      data: command.provider === undefined ? { outcome: command.outcome } : { outcome: command.outcome, provider: command.provider },
    },
  ];
}

function requireReadyToSubmit(state: JourneyState): void {
  requireOpen(state);
  if (state.stage === 'indicative_budget' || (state.stage === 'planning' && !state.lessons.amountTold))
    reject(
      'budget_not_told',
      'The person has not been told their indicative budget yet, and plans are made knowing the amount. ' +
        'Tell them and record it (record_budget_told) before planning.',
    );
  requireStage(state, ['planning'], 'Submitting a plan');
  // Checked at submission, not approval: advice shapes the plan, so it must be offered while the plan is written.
  if (!state.lessons.independentAdviceOffered)
    reject(
      'advice_not_offered',
      'Independent advice has not been offered to the person. Offer it and record the outcome ' +
        '(record_advice_offer: accepted, declined or later) before the plan is submitted.',
    );
}

/**
 * The costed plan goes for sign-off, routed by the journey's policy: up to the team lead's limit, then
 * the manager's, above that a panel. Choosing a direct payment offers support for managing money and
 * employing staff at once (lesson 6), unless the plan in force already had one.
 */
export function submitPlan(command: CommandOf<'submit_plan'>, state: JourneyState): JourneyEvent[] {
  requireReadyToSubmit(state);
  const indicativePence = state.budget.indicative?.amountPence ?? 0;
  const totals = planTotals(command.lines, indicativePence);
  const route = signOffRoute(totals.totalPence, indicativePence, policyOf(state));
  const newlyDirectPayment = choosesDirectPayment(command.lines) && !choosesDirectPayment(state.budget.final?.lines);
  return [
    {
      type: 'plan_submitted',
      data: {
        outcomes: command.outcomes,
        lines: command.lines,
        risks: command.risks,
        ...(command.contingency === undefined ? {} : { contingency: command.contingency }),
        ...totals,
      },
    },
    ...(newlyDirectPayment ? [{ type: 'money_support_offered', data: { trigger: 'direct_payment_chosen' } } as const] : []),
    { type: 'sign_off_routed', data: { route, totalPence: totals.totalPence, indicativePence } },
    moveTo(state, 'sign_off', route === 'panel' ? 'panel' : 'approver'),
  ];
}
