import type { Kysely } from 'kysely';
import { estimateStage, forecastCompletion, type DurationHistogram } from '../../domain/forecast';
import type { JourneyState } from '../../domain/state';
import type { Stage } from '../../domain/vocabulary';
import type { Database } from '../schema';

/** The stages up to support starting: what "completion" means for a journey not yet active. */
const toSupport: Stage[] = ['referral', 'awareness', 'assessment', 'indicative_budget', 'planning', 'sign_off', 'setup'];
const round = (days: number) => Math.round(days * 10) / 10;

/**
 * A journey's honest timeline, read from its stage spans and waits: per stage the actual days against the
 * target and who held the ball; where the journey is now; and when it will likely reach support, from past
 * journeys of its pathway. Days are policy days; a person's waiting time excludes time on hold. Null for a
 * journey with no record. Read by the API and the web (app/timeline.ts) and by the messages that quote it.
 */
export function createTimelineReader(db: Kysely<Database>, policyDayMs: number) {
  const days = (from: Date, to: Date | null, now: Date) => ((to ?? now).getTime() - from.getTime()) / policyDayMs;

  return async function readTimeline(journeyId: string, nowDate = new Date()) {
    const journey = await db.selectFrom('journeys').select(['state', 'pathway']).where('journey_id', '=', journeyId).executeTakeFirst();
    if (!journey) return null;
    const state = journey.state as JourneyState;
    const [spans, waits] = await Promise.all([
      db.selectFrom('journey_stage_spans').selectAll().where('journey_id', '=', journeyId).orderBy('seq').execute(),
      db.selectFrom('journey_waits').selectAll().where('journey_id', '=', journeyId).orderBy('seq').execute(),
    ]);
    const breachMultiple = state.policy?.breachMultiple ?? 2;

    const stages = spans
      .filter((span) => span.stage !== 'closed')
      .map((span) => {
        const parties = new Map<string, number>();
        let personHeld = 0;
        for (const wait of waits.filter((w) => w.span_seq === span.seq)) {
          const heldMs = Number(wait.held_ms) + (wait.held_since && !wait.ended_at ? nowDate.getTime() - wait.held_since.getTime() : 0);
          const held = wait.party === 'person' ? heldMs / policyDayMs : 0;
          personHeld += held;
          parties.set(wait.party, (parties.get(wait.party) ?? 0) + days(wait.started_at, wait.ended_at, nowDate) - held);
        }
        const spent = days(span.entered_at, span.left_at, nowDate);
        return {
          stage: span.stage as Stage,
          enteredAt: span.entered_at.toISOString(),
          leftAt: span.left_at?.toISOString() ?? null,
          days: round(spent),
          targetDays: span.target_days,
          waitingOn: [...parties].map(([party, d]) => ({ party, days: round(d) })),
          breached: span.target_days !== null && spent - personHeld >= breachMultiple * span.target_days,
          elapsed: spent - personHeld,
        };
      });

    const last = stages.at(-1);
    const open = state.status === 'open' && last && last.leftAt === null ? last : undefined;
    const current = open
      ? { stage: open.stage, days: open.days, targetDays: open.targetDays, waitingOn: state.waitingOn, onHold: state.onHold }
      : null;

    let forecast = null;
    const remainingStages = open ? (open.stage === 'review' ? ['review' as Stage] : toSupport.slice(toSupport.indexOf(open.stage))) : [];
    if (open && remainingStages.length > 0 && remainingStages[0] === open.stage) {
      const rows = await db
        .selectFrom('stage_duration_histogram')
        .select(['stage', 'days', 'journeys'])
        .where('pathway', '=', journey.pathway)
        .where('stage', 'in', remainingStages)
        .execute();
      const histogram = (stage: Stage): DurationHistogram => rows.filter((r) => r.stage === stage);
      const target = (stage: Stage) =>
        stage === open.stage && open.targetDays !== null ? open.targetDays : (state.policy?.targets[stage] ?? 28);
      const estimates = remainingStages.map((stage, i) =>
        estimateStage(stage, histogram(stage), target(stage), i === 0 ? open.elapsed : 0),
      );
      const result = forecastCompletion(estimates, nowDate.toISOString(), policyDayMs);
      forecast = {
        ...result,
        goal: open.stage === 'review' ? 'review_complete' : 'support_starts',
        note:
          result.source === 'history'
            ? `Based on ${result.basis} or more past journeys on this pathway.`
            : result.source === 'policy'
              ? 'Not enough past journeys on this pathway yet: based on the target times in the policy.'
              : 'Based on past journeys where there are enough, and on the target times in the policy where not.',
        remaining: result.remaining.map((s) => ({ ...s, p50Days: round(s.p50Days), p90Days: round(s.p90Days) })),
      };
    }
    return {
      journeyId,
      stages: stages.map(({ elapsed: _elapsed, ...stage }) => stage),
      current,
      forecast,
    };
  };
}

export type Timeline = NonNullable<Awaited<ReturnType<ReturnType<typeof createTimelineReader>>>>;
