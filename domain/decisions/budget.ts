import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireStage } from '../guards';
import type { JourneyState } from '../state';
import { handTo, moveTo } from '../transitions';

/**
 * Finance calculates the indicative amount; the stage stays, and the ball passes to the coordinator to
 * tell the person (lesson 3: calculated is not enough). A recalculation before it is told replaces it.
 */
export function setIndicativeBudget(command: CommandOf<'set_indicative_budget'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['indicative_budget'], 'Setting the indicative budget');
  return [
    { type: 'indicative_budget_set', data: { amountPence: command.amountPence, method: command.method, trace: command.trace } },
    ...handTo(state, 'coordinator'),
  ];
}

/** Lesson 3: people plan with the amount in hand, so telling them is what opens planning. */
export function recordBudgetTold(command: CommandOf<'record_budget_told'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['indicative_budget'], 'Recording that the budget was told');
  const indicative = state.budget.indicative;
  if (!indicative)
    reject('budget_not_calculated', 'There is no indicative amount to tell yet. Finance must calculate it first (set_indicative_budget).');
  // Planning is the person's: they decide how to spend the budget, with the coordinator's support.
  return [
    { type: 'budget_told', data: { channel: command.channel, amountPence: indicative.amountPence } },
    moveTo(state, 'planning', 'person'),
  ];
}
