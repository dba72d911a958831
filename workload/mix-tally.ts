import { slowestOption } from '../domain/money';
import { stageTargetDays } from '../domain/schedule';
import { stages, type Pathway, type SignOffRoute, type Stage } from '../domain/vocabulary';
import { DAY_MS } from './durations';
import type { JourneyScript } from './journey-script';

/** Stage waits whose medians domain.md names; sign-off and setup split as it does. */
export const durationKinds = [
  'referral',
  'awareness',
  'assessment',
  'indicative_budget',
  'first_planning',
  'sign_off',
  'sign_off_panel',
  'setup_notional',
  'setup_third_party',
  'setup_direct_payment',
  'review',
] as const;
export type DurationKind = (typeof durationKinds)[number];

/** What a workload turned out to be, counted from its events, to compare with domain.md's mix. */
export interface MixTally {
  journeys: number;
  events: number;
  reminders: number;
  pathways: Record<Pathway, number>;
  stagesAtNow: Record<Stage, number>;
  closedReasons: Record<string, number>;
  onHoldAtNow: number;
  /** Open journeys in a stage with a target, and those past it or past twice it at `now`. */
  timedAtNow: number;
  overTargetAtNow: number;
  breachedAtNow: number;
  /** Final decisions at awareness (a deferral is not one). */
  decisions: { proceed: number; decline: number };
  /** CHC (not fast track) assessments. */
  chcAssessments: { eligible: number; ineligible: number };
  /** Each journey's first sign-off decision: how many, and how many of those returned the plan. */
  firstSignOffs: { decided: number; returned: number };
  routes: Record<SignOffRoute, number>;
  /** Reviews whose lateness is known at `now` (completed, or open past their target), and the late ones. */
  reviews: { known: number; overdue: number };
  /** Days per completed stage wait, for waits that began at least a year before `now` (so few are cut off by it). */
  durations: Record<DurationKind, number[]>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyTally(): MixTally {
  return {
    journeys: 0,
    events: 0,
    reminders: 0,
    pathways: zeros(['chc', 'chc_fast_track', 'phb', 'social_care', 'integrated']),
    stagesAtNow: zeros(stages),
    closedReasons: {},
    onHoldAtNow: 0,
    timedAtNow: 0,
    overTargetAtNow: 0,
    breachedAtNow: 0,
    decisions: { proceed: 0, decline: 0 },
    chcAssessments: { eligible: 0, ineligible: 0 },
    firstSignOffs: { decided: 0, returned: 0 },
    routes: zeros(['team_lead', 'manager', 'panel']),
    reviews: { known: 0, overdue: 0 },
    durations: Object.fromEntries(durationKinds.map((k) => [k, []])) as unknown as Record<DurationKind, number[]>,
  };
}

/** Adds one journey to the tally. */
export function tallyScript(tally: MixTally, script: JourneyScript, now: Date): void {
  const nowMs = now.getTime();
  const { state, events } = script;
  tally.journeys += 1;
  tally.events += events.length;
  tally.pathways[script.pathway] += 1;
  tally.stagesAtNow[state.stage] += 1;
  if (state.closedReason) tally.closedReasons[state.closedReason] = (tally.closedReasons[state.closedReason] ?? 0) + 1;
  if (state.onHold) tally.onHoldAtNow += 1;
  const target = stageTargetDays(state);
  if (state.status === 'open' && target !== undefined && state.stageEnteredAt) {
    const ageDays = (nowMs - Date.parse(state.stageEnteredAt)) / DAY_MS;
    tally.timedAtNow += 1;
    if (ageDays > target) tally.overTargetAtNow += 1;
    if (ageDays > 2 * target) tally.breachedAtNow += 1;
  }
  const reviewTarget = state.policy?.targets.review ?? 28;

  let stage: Stage | null = null;
  let enteredMs = 0;
  let route: SignOffRoute = 'team_lead';
  let plannedBefore = false;
  let firstDecisionSeen = false;
  let setupKind: DurationKind = 'setup_notional';
  const leave = (atMs: number, completed: boolean) => {
    if (stage === 'review') {
      const days = (atMs - enteredMs) / DAY_MS;
      if (completed || days > reviewTarget) {
        tally.reviews.known += 1;
        if (days > reviewTarget) tally.reviews.overdue += 1;
      }
    }
    // The fast track has its own, much shorter waits.
    if (!completed || nowMs - enteredMs < 365 * DAY_MS || script.pathway === 'chc_fast_track') return;
    const kind = durationKindOf(stage, route, setupKind, plannedBefore);
    if (kind) tally.durations[kind].push((atMs - enteredMs) / DAY_MS);
  };
  for (const event of events) {
    const atMs = Date.parse(event.occurredAt);
    switch (event.type) {
      case 'reminder_sent':
        tally.reminders += 1;
        break;
      case 'decision_recorded':
        if (event.data.decision !== 'defer') tally.decisions[event.data.decision] += 1;
        break;
      case 'assessment_recorded':
        if (script.pathway === 'chc') tally.chcAssessments[event.data.outcome] += 1;
        break;
      case 'sign_off_routed':
        route = event.data.route;
        tally.routes[route] += 1;
        break;
      case 'plan_submitted':
        setupKind = `setup_${slowestOption(event.data.lines)}`;
        break;
      case 'plan_approved':
      case 'plan_refused':
      case 'plan_returned':
        if (!firstDecisionSeen) {
          firstDecisionSeen = true;
          tally.firstSignOffs.decided += 1;
          if (event.type === 'plan_returned') tally.firstSignOffs.returned += 1;
        }
        break;
      case 'stage_changed':
        if (stage !== null) leave(atMs, true);
        if (stage === 'planning') plannedBefore = true;
        stage = event.data.to;
        enteredMs = atMs;
        break;
    }
  }
  if (stage !== null && stage !== 'closed') leave(nowMs, false);
}

function durationKindOf(stage: Stage | null, route: SignOffRoute, setupKind: DurationKind, plannedBefore: boolean): DurationKind | null {
  switch (stage) {
    case 'referral':
    case 'awareness':
    case 'assessment':
    case 'indicative_budget':
    case 'review':
      return stage;
    case 'planning':
      return plannedBefore ? null : 'first_planning';
    case 'sign_off':
      return route === 'panel' ? 'sign_off_panel' : 'sign_off';
    case 'setup':
      return setupKind;
    default:
      return null;
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
