import type { CommandOf } from '../domain/commands';
import type { JourneyContext } from './context';
import { DAY_MS, sampleMs } from './durations';
import { rates, supportLife } from './mix';
import { StageWindow } from './stage-window';

/**
 * Life after support starts: the journey stays active until a review falls due (the workflow's timer
 * starts it at the policy's date), a change in needs brings one forward, or support ends.
 */

function closeCommand(j: JourneyContext): CommandOf<'close'> {
  return { type: 'close', reason: j.random.weighted(supportLife[j.pathway].reasons) };
}

/** Active: nobody holds the ball; the next review, a request, or the end of support comes first. */
export function active(j: JourneyContext): void {
  const { random, walker } = j;
  const start = walker.lastMs;
  if (j.supportEndsAt === null) {
    const life = supportLife[j.pathway];
    j.supportEndsAt = start + sampleMs(random, life.medianDays, life.p90Ratio);
  }
  // Support that should have ended while a plan was being amended ends soon after it restarts.
  if (j.supportEndsAt <= start) j.supportEndsAt = start + sampleMs(random, 7);
  const due = walker.duePoint('review_due');
  if (!due) throw new Error('Workload generator bug: an active journey has no review date.');
  const reviewAt = Date.parse(due.dueAt);
  const requestAt = random.chance(rates.reviewRequestedPerPeriod)
    ? Math.round(start + random.between(0.2, 0.95) * (reviewAt - start))
    : Number.POSITIVE_INFINITY;
  if (j.supportEndsAt <= Math.min(reviewAt, requestAt)) return walker.act(j.supportEndsAt, closeCommand(j), j.coordinator);
  if (requestAt < reviewAt) {
    const reason = random.pick(['Needs have changed', 'Carer can no longer help', 'Back from hospital with new needs']);
    return walker.act(requestAt, { type: 'request_review', reason }, random.chance(0.3) ? j.person : j.coordinator);
  }
  // The workflow invites the person 28 days before, then starts the review on its date.
  walker.advanceTo(reviewAt);
}

/** Review: advice is offered again (lesson 4), then the plan is kept, amended or needs reassessed. */
export function review(j: JourneyContext): void {
  const { random, walker } = j;
  const w = new StageWindow(j, sampleMs(random, j.medians.review));
  if (j.supportEndsAt !== null && j.supportEndsAt < w.time(1))
    return walker.act(Math.max(j.supportEndsAt, w.start + DAY_MS / 24), closeCommand(j), j.coordinator);
  const outcome = random.weighted({ accepted: 0.3, declined: 0.5, later: 0.2 });
  w.act(random.between(0.1, 0.8), { type: 'record_advice_offer', outcome }, j.coordinator);
  w.act(1, { type: 'complete_review', outcome: random.weighted(rates.reviewOutcome) }, j.coordinator);
}
