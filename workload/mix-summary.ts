import { stages } from '../domain/vocabulary';
import { median, durationKinds, type MixTally } from './mix-tally';
import { pathwayShares, rates } from './mix';

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);

/** The realised mix beside domain.md's targets, as lines of text for people (counts only, no personal data). */
export function summariseMix(t: MixTally): string[] {
  const routed = t.routes.team_lead + t.routes.manager + t.routes.panel;
  const lines = [
    `pathways: ${Object.entries(t.pathways)
      .map(([p, n]) => `${p} ${pct(n, t.journeys)} (target ${(100 * pathwayShares[p as keyof typeof pathwayShares]).toFixed(1)}%)`)
      .join(', ')}`,
    `declined at awareness: ${pct(t.decisions.decline, t.decisions.decline + t.decisions.proceed)} of decisions (target ${100 * rates.declineAtAwareness}%)`,
    `CHC ineligible: ${pct(t.chcAssessments.ineligible, t.chcAssessments.ineligible + t.chcAssessments.eligible)} of CHC assessments (target 20-30%)`,
    `first plans returned: ${pct(t.firstSignOffs.returned, t.firstSignOffs.decided)} (target 25%)`,
    `panel: ${pct(t.routes.panel, routed)} of sign-offs (target about 10%)`,
    `reviews overdue: ${pct(t.reviews.overdue, t.reviews.known)} of ${t.reviews.known} reviews (target about 15%)`,
    `events per journey: ${(t.events / Math.max(t.journeys, 1)).toFixed(1)}, of which reminders ${(t.reminders / Math.max(t.journeys, 1)).toFixed(1)}`,
    `stages at now: ${stages.map((s) => `${s} ${t.stagesAtNow[s]}`).join(', ')}`,
    `open with a target at now: ${t.timedAtNow}; over target ${pct(t.overTargetAtNow, t.timedAtNow)}, breached (2 x target) ${pct(t.breachedAtNow, t.timedAtNow)}; on hold ${t.onHoldAtNow}`,
    `closed: ${Object.entries(t.closedReasons)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ')}`,
    `median days (waits begun a year or more before now): ${durationKinds
      .filter((k) => t.durations[k].length > 0)
      .map((k) => `${k} ${median(t.durations[k]).toFixed(1)}`)
      .join(', ')}`,
  ];
  return lines;
}
