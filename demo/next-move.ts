import type { JourneyView } from '../app/journeys/journey-view';
import type { JourneyCommand } from '../domain/commands';
import type { Random } from '../workload/prng';

export interface Move {
  command: JourneyCommand;
  actor: { sub: string; role: string };
}

const channels = ['face_to_face', 'phone', 'video', 'letter', 'email'] as const;

/**
 * What a simulated coordinator, person or approver does next to a journey, as they would through the
 * pages: the happy path mostly, with declines, returned plans and the odd hold. Null when the journey
 * waits on nobody the simulation plays (active support, or closed).
 */
export function nextMove(journey: JourneyView, random: Random, today: string): Move | null {
  const coordinator = { sub: journey.coordinator ?? `demo-coordinator-${journey.team}`, role: 'coordinator' };
  const person = { sub: `person:${journey.journeyId}`, role: 'person' };
  const approver = { sub: `demo-approver-${journey.team}`, role: journey.budget.signOffRoute === 'team_lead' ? 'approver' : 'manager' };
  const as = (actor: Move['actor'], command: JourneyCommand): Move => ({ command, actor });
  if (journey.status !== 'open') return null;
  if (journey.onHold) return as(coordinator, { type: 'resume' });
  if (random.chance(0.02)) return as(coordinator, { type: 'put_on_hold', reason: 'Hospital stay' });
  const indicative = journey.budget.indicative?.amountPence ?? 0;
  switch (journey.stage) {
    case 'referral':
      return journey.coordinator
        ? as(coordinator, { type: 'record_consent', given: true, by: 'person' })
        : as(coordinator, { type: 'assign_coordinator', coordinator: coordinator.sub });
    case 'awareness':
      if (!journey.lessons.toldAboutBudgets || !journey.lessons.optionsExplained)
        return as(coordinator, {
          type: 'record_information_given',
          topics: ['personal_budgets', 'management_options', 'independent_advice'],
          channel: random.pick(channels),
        });
      return as(random.chance(0.5) ? person : coordinator, {
        type: 'record_decision',
        decision: random.chance(0.15) ? 'decline' : 'proceed',
      });
    case 'assessment':
      return random.chance(0.15)
        ? as(coordinator, { type: 'record_assessment', outcome: 'ineligible', needs: [], reason: 'Needs are met by universal services' })
        : as(coordinator, { type: 'record_assessment', outcome: 'eligible', needs: ['Personal care', 'Getting out and about'] });
    case 'indicative_budget': {
      if (!journey.budget.indicative) {
        const hours = random.int(6, 40);
        const amountPence = hours * 52 * 2300;
        return as(coordinator, {
          type: 'set_indicative_budget',
          amountPence,
          method: 'ready_reckoner',
          trace: [{ label: `${hours} hours a week at £23.00, 52 weeks`, amountPence }],
        });
      }
      return as(coordinator, { type: 'record_budget_told', channel: random.pick(channels) });
    }
    case 'planning':
    case 'review':
      if (journey.stage === 'review') return as(coordinator, { type: 'complete_review', outcome: 'keep' });
      if (!journey.lessons.independentAdviceOffered)
        return as(coordinator, { type: 'record_advice_offer', outcome: random.pick(['accepted', 'declined', 'later'] as const) });
      return as(random.chance(0.3) ? person : coordinator, {
        type: 'submit_plan',
        outcomes: ['Stay living at home', 'See friends every week'],
        lines: [
          {
            description: 'Personal assistant hours',
            fundingStream: 'nhs',
            managementOption: random.pick(['notional', 'notional', 'third_party', 'direct_payment'] as const),
            annualCostPence: Math.round(indicative * random.between(0.85, 1.3)),
          },
        ],
        risks: [],
      });
    case 'sign_off':
      return random.chance(0.25)
        ? as(approver, { type: 'return_plan', reasons: ['Please cost the respite weeks separately'] })
        : as(approver, { type: 'approve_plan' });
    case 'setup':
      return as(coordinator, { type: 'record_support_started', date: today });
    default:
      return null;
  }
}
