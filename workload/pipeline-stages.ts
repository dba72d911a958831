import { dateOf, instant } from '../domain/dates';
import { slowestOption } from '../domain/money';
import type { Actor, Channel, SignOffRoute } from '../domain/vocabulary';
import { indicativeBudget, needsByPathway, planLines, planOutcomes, planRisks } from './budgets';
import type { JourneyContext } from './context';
import { DAY_MS, sampleMs } from './durations';
import { rates } from './mix';
import { StageWindow } from './stage-window';

/**
 * The stages before support starts, one function each: each issues the commands that leave its stage
 * (or end the journey) at backdated times drawn from the stage's long-tailed wait.
 */

const channels: Readonly<Record<Channel, number>> = { face_to_face: 0.4, phone: 0.3, video: 0.08, letter: 0.1, email: 0.1, sms: 0.02 };
const pipeline = { holds: true, endings: true, reassigns: true } as const;

/** Referral: a coordinator is assigned and consent recorded, in either order. */
export function referral(j: JourneyContext): void {
  const { random } = j;
  const w = new StageWindow(j, sampleMs(random, j.medians.referral), { holds: true, endings: true });
  const coordinator = j.staff.coordinator(random);
  const assign = () => {
    w.act(
      random.between(0.05, 0.7),
      { type: 'assign_coordinator', coordinator: coordinator.sub },
      random.chance(0.7) ? j.staff.manager() : coordinator,
    );
    j.coordinator = coordinator;
  };
  // Children and young people usually consent through a parent.
  const consent = (f: number) =>
    w.act(
      f,
      { type: 'record_consent', given: true, by: j.pathway === 'integrated' || random.chance(0.12) ? 'representative' : 'person' },
      coordinator,
    );
  if (random.chance(0.7)) {
    assign();
    consent(1);
  } else {
    consent(random.between(0.05, 0.5));
    w.act(1, { type: 'assign_coordinator', coordinator: coordinator.sub }, j.staff.manager());
    j.coordinator = coordinator;
  }
}

/** Awareness: the person is told about budgets and options (lessons 1, 2), then decides. */
export function awareness(j: JourneyContext): void {
  const { random } = j;
  const w = new StageWindow(j, sampleMs(random, j.medians.awareness), pipeline);
  const topics = [
    'personal_budgets',
    'management_options',
    ...(random.chance(0.5) ? (['independent_advice'] as const) : []),
    ...(random.chance(0.3) ? (['peer_support'] as const) : []),
  ] as const;
  const format = random.weighted({ standard: 0.9, easy_read: 0.05, large_print: 0.05 });
  w.act(
    random.between(0.02, 0.35),
    { type: 'record_information_given', topics: [...topics], channel: random.weighted(channels), format },
    j.coordinator,
  );
  const decider = (): Actor => (random.chance(0.3) ? j.person : j.coordinator);
  if (random.chance(rates.deferAtAwareness)) w.act(random.between(0.4, 0.8), { type: 'record_decision', decision: 'defer' }, decider());
  const decision = random.chance(rates.declineAtAwareness) ? 'decline' : 'proceed';
  w.act(1, { type: 'record_decision', decision }, decider());
}

/** Assessment: the assessor holds the ball until the outcome is recorded; some are not eligible. */
export function assessment(j: JourneyContext): void {
  const { random } = j;
  const w = new StageWindow(j, sampleMs(random, j.medians.assessment), pipeline);
  const needs = needsByPathway[j.pathway].filter(() => random.chance(0.5));
  if (random.chance(rates.ineligible[j.pathway]))
    w.act(
      1,
      { type: 'record_assessment', outcome: 'ineligible', needs, reason: 'Needs do not meet the eligibility criteria' },
      j.coordinator,
    );
  else
    w.act(
      1,
      { type: 'record_assessment', outcome: 'eligible', needs: needs.length > 0 ? needs : [needsByPathway[j.pathway][0]!] },
      j.coordinator,
    );
}

/** Indicative budget: finance calculates it, then the coordinator tells the person (lesson 3). */
export function indicativeBudgetStage(j: JourneyContext): void {
  const { random } = j;
  const calculated = sampleMs(random, j.medians.budgetCalculated);
  const told = sampleMs(random, j.medians.budgetTold);
  const w = new StageWindow(j, calculated + told, pipeline);
  w.act(calculated / (calculated + told), { type: 'set_indicative_budget', ...indicativeBudget(random, j.pathway) }, j.coordinator);
  w.act(1, { type: 'record_budget_told', channel: random.weighted(channels) }, j.coordinator);
}

/** Planning: independent advice is offered (lesson 4), then the costed plan goes for sign-off. */
export function planning(j: JourneyContext): void {
  const { random, walker } = j;
  const median = j.plansSubmitted === 0 ? j.medians.planning : j.medians.replanning;
  const w = new StageWindow(j, sampleMs(random, median), pipeline);
  if (!walker.state.lessons.independentAdviceOffered) {
    const outcome = random.weighted({ accepted: 0.4, declined: 0.4, later: 0.2 });
    const provider =
      outcome === 'accepted' ? random.pick(['Local advice service', 'Peer support network', 'Independent advocacy service']) : undefined;
    w.act(random.between(0.1, 0.7), { type: 'record_advice_offer', outcome, ...(provider ? { provider } : {}) }, j.coordinator);
  }
  const route = random.weighted(rates.signOffRoute);
  const indicative = walker.state.budget.indicative?.amountPence ?? 0;
  const risks = planRisks.filter(() => random.chance(0.25));
  w.act(
    1,
    {
      type: 'submit_plan',
      outcomes: planOutcomes[j.pathway].filter((_, i) => i === 0 || random.chance(0.5)),
      lines: planLines(random, j.pathway, indicative, route),
      risks,
      ...(risks.length > 0 ? { contingency: 'Family and the coordinator cover for up to two weeks' } : {}),
    },
    random.chance(0.2) ? j.person : j.coordinator,
  );
  j.plansSubmitted += 1;
}

/** Who records the decision: a team lead on their route, a manager above it; either records a panel's. */
function signer(j: JourneyContext, route: SignOffRoute): Actor {
  if (route === 'manager') return j.staff.manager();
  if (route === 'panel') return j.random.chance(0.5) ? j.staff.manager() : j.staff.approver(j.random);
  return j.random.chance(0.9) ? j.staff.approver(j.random) : j.staff.manager();
}

/** Sign-off: approved, returned with reasons (a quarter of first plans), or, rarely, refused. */
export function signOff(j: JourneyContext): void {
  const { random, walker } = j;
  const route = walker.state.budget.signOffRoute ?? 'panel';
  const w = new StageWindow(j, sampleMs(random, route === 'panel' ? j.medians.panel : j.medians.signOff), { endings: true });
  const returns = random.chance(j.returnedThisCycle ? rates.returnRevisedPlan : rates.returnFirstPlan);
  if (returns) {
    const reasons = [
      'Costs are not broken down',
      'Outcomes are not linked to the support',
      'Contingency plan is missing',
      'Cheaper option not considered',
    ];
    w.act(1, { type: 'return_plan', reasons: reasons.filter((_, i) => i === 0 || random.chance(0.3)) }, signer(j, route));
    j.returnedThisCycle = true;
  } else if (random.chance(rates.refuse[route])) {
    w.act(1, { type: 'refuse_plan', reasons: ['The plan does not meet assessed needs safely'] }, signer(j, route));
  } else {
    w.act(1, { type: 'approve_plan' }, signer(j, route));
    j.returnedThisCycle = false;
  }
}

/** Setup: as long as the slowest management option takes (notional, third party, direct payment). */
export function setup(j: JourneyContext): void {
  const { random, walker } = j;
  const option = slowestOption(walker.state.budget.final?.lines ?? []);
  const w = new StageWindow(j, sampleMs(random, j.medians.setup[option]), pipeline);
  // Support is usually recorded on the day it starts, sometimes a day or two later.
  const daysLate = random.chance(0.7) ? 0 : random.int(1, 2);
  w.act(
    1,
    (atMs) => ({ type: 'record_support_started', date: dateOf(instant(Math.max(w.start, atMs - daysLate * DAY_MS))) }),
    j.coordinator,
  );
}
