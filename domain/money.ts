import type { PlanLineData, StreamTotals } from './events';
import type { Policy } from './policy';
import type { ManagementOption, SignOffRoute } from './vocabulary';

export interface PlanTotals {
  totalPence: number;
  variancePence: number;
  perStream: StreamTotals;
}

/** The final budget's sums: the whole plan, each funding stream, and the difference from the amount told. */
export function planTotals(lines: readonly PlanLineData[], indicativePence: number): PlanTotals {
  const perStream: StreamTotals = { nhs: 0, social_care: 0, education: 0 };
  for (const line of lines) perStream[line.fundingStream] += line.annualCostPence;
  const totalPence = perStream.nhs + perStream.social_care + perStream.education;
  return { totalPence, variancePence: totalPence - indicativePence, perStream };
}

/**
 * Who signs the plan off. Limits are rounded to the penny so that a threshold such as 1.1 x never loses
 * a plan to floating-point noise.
 */
export function signOffRoute(totalPence: number, indicativePence: number, policy: Policy): SignOffRoute {
  if (totalPence <= Math.round(indicativePence * policy.signOff.teamLeadUpTo)) return 'team_lead';
  if (totalPence <= Math.round(indicativePence * policy.signOff.managerUpTo)) return 'manager';
  return 'panel';
}

const slowestFirst: readonly ManagementOption[] = ['direct_payment', 'third_party', 'notional'];

/** The management option that takes longest to put in place; it sets the setup target of a mixed plan. */
export function slowestOption(lines: readonly PlanLineData[]): ManagementOption {
  return slowestFirst.find((option) => lines.some((line) => line.managementOption === option)) ?? 'notional';
}

export function choosesDirectPayment(lines: readonly PlanLineData[] | undefined): boolean {
  return (lines ?? []).some((line) => line.managementOption === 'direct_payment');
}
