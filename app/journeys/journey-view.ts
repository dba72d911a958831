import type { Selectable } from 'kysely';
import type { JourneyState } from '../../domain/state';
import type { JourneysTable } from '../../db/schema';

/** `GET /api/journeys/{id}`: the journey now, as the contract names its fields. No personal data. */
export function journeyView(row: Selectable<JourneysTable>) {
  const state = row.state as JourneyState & { budget?: unknown; nextReviewDue?: string | null };
  return {
    journeyId: row.journey_id,
    pathway: row.pathway,
    team: row.team,
    coordinator: row.coordinator,
    stage: row.stage,
    waitingOn: row.waiting_on,
    stageEnteredAt: row.stage_entered_at ? row.stage_entered_at.toISOString() : null,
    onHold: row.on_hold,
    status: row.status === 'closed' ? 'closed' : 'open',
    closedReason: state.closedReason,
    lessons: state.lessons,
    budget: state.budget ?? { indicative: null, final: null },
    nextReviewDue: state.nextReviewDue ?? null,
    openedAt: row.opened_at.toISOString(),
    version: row.version,
  };
}
export type JourneyView = ReturnType<typeof journeyView>;
