import type { CommandOf } from '../commands';
import { addDays } from '../dates';
import type { JourneyEvent, PlanLineData } from '../events';
import { policyOf, requireStage } from '../guards';
import type { Policy } from '../policy';
import type { JourneyState } from '../state';
import { moveTo } from '../transitions';
import type { Pathway } from '../vocabulary';

type ReviewRule = 'health' | 'care_plan' | 'direct_payment';

/**
 * The review rules a plan's funding brings: NHS money the PHB/CHC rule, LA money the care plan rule, LA
 * money paid as a direct payment the direct payment rule. Education money has no rule of its own, so a
 * plan with nothing else falls back to its pathway's.
 */
function applicableRules(lines: readonly PlanLineData[], pathway: Pathway | null): ReviewRule[] {
  const rules = new Set<ReviewRule>();
  for (const line of lines) {
    if (line.fundingStream === 'nhs') rules.add('health');
    if (line.fundingStream === 'social_care') rules.add(line.managementOption === 'direct_payment' ? 'direct_payment' : 'care_plan');
  }
  if (rules.size === 0) rules.add(pathway === 'social_care' ? 'care_plan' : 'health');
  return [...rules];
}

function daysFor(rule: ReviewRule, policy: Policy): number {
  const first = policy.reviews.firstAfterDays;
  return rule === 'health' ? first.health : rule === 'care_plan' ? first.carePlan : first.directPayment;
}

/** When several review rules apply, the earliest due date wins (the spec's review table). */
export function firstReview(state: JourneyState): { rule: ReviewRule; days: number } {
  const policy = policyOf(state);
  return applicableRules(state.budget.final?.lines ?? [], state.pathway)
    .map((rule) => ({ rule, days: daysFor(rule, policy) }))
    .reduce((earliest, next) => (next.days < earliest.days ? next : earliest));
}

/** Support starts on the first service or payment; the review clock starts from that date. */
export function recordSupportStarted(command: CommandOf<'record_support_started'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['setup'], 'Recording that support started');
  const { rule, days } = firstReview(state);
  return [
    {
      type: 'support_started',
      data: { date: command.date, reviewRule: rule, reviewAfterDays: days, nextReviewDue: addDays(command.date, days) },
    },
    moveTo(state, 'active', null),
  ];
}
