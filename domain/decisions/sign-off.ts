import type { CommandOf } from '../commands';
import type { DecisionContext } from '../context';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { policyOf, requireStage } from '../guards';
import { slowestOption } from '../money';
import type { JourneyState } from '../state';
import { closeJourney, moveTo } from '../transitions';
import type { Party, SignOffRoute } from '../vocabulary';

const signOffRoles = ['approver', 'manager'];

function percent(multiple: number): string {
  return `${Math.round(multiple * 100)}%`;
}

/**
 * Sign-off authority by route. `approver` is a team lead: it decides plans on the team lead route.
 * `manager` decides on the team lead and manager routes. On the panel route the panel decides, and either
 * role records the panel's decision. Returning a plan for changes is open to both roles on every route:
 * it settles nothing, while approving or refusing a plan above the team lead's limit needs a manager.
 */
function requireAuthority(state: JourneyState, context: DecisionContext, decides: boolean): SignOffRoute {
  requireStage(state, ['sign_off'], 'Signing a plan off');
  if (!signOffRoles.includes(context.actor.role))
    reject('not_an_approver', 'Only an approver or a manager can sign a plan off, return it or refuse it.');
  const route = state.budget.signOffRoute ?? 'panel';
  if (decides && route === 'manager' && context.actor.role !== 'manager') {
    const { teamLeadUpTo, managerUpTo } = policyOf(state).signOff;
    reject(
      'needs_manager',
      `This plan costs more than ${percent(teamLeadUpTo)} of the indicative budget (up to ${percent(managerUpTo)}), ` +
        'so a manager must approve or refuse it. Ask a manager to decide, or return it for changes.',
    );
  }
  return route;
}

/** Who puts support in place: a third-party provider, otherwise the coordinator (commissioning, payments). */
function setupParty(state: JourneyState): Party {
  return slowestOption(state.budget.final?.lines ?? []) === 'third_party' ? 'provider' : 'coordinator';
}

export function approvePlan(_command: CommandOf<'approve_plan'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const route = requireAuthority(state, context, true);
  return [{ type: 'plan_approved', data: { route } }, moveTo(state, 'setup', setupParty(state))];
}

/** Back to planning; the reasons stay on the journey until the next plan, so everyone sees what to change. */
export function returnPlan(command: CommandOf<'return_plan'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const route = requireAuthority(state, context, false);
  return [{ type: 'plan_returned', data: { route, reasons: command.reasons } }, moveTo(state, 'planning', 'person')];
}

export function refusePlan(command: CommandOf<'refuse_plan'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const route = requireAuthority(state, context, true);
  return [
    { type: 'plan_refused', data: { route, reasons: command.reasons } },
    ...closeJourney(state, 'refused', command.reasons.join('; ')),
  ];
}
