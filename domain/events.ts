import type { Actor, Party, Pathway, Stage } from './vocabulary';
import type { Policy } from './policy';

/**
 * The facts a journey records. `decide` returns these; `evolve` folds them into state; the event store
 * keeps them with an envelope (id, version, time, actor). Event data never carries personal data.
 */
export type JourneyEvent =
  | { type: 'journey_opened'; data: { journeyId: string; pathway: Pathway; team: string; referralSource: string; policy: Policy } }
  | { type: 'coordinator_assigned'; data: { coordinator: string } }
  | { type: 'consent_recorded'; data: { given: boolean; by: 'person' | 'representative' } }
  | { type: 'stage_changed'; data: { from: Stage | null; to: Stage; waitingOn: Party | null } }
  | { type: 'waiting_on_changed'; data: { party: Party } }
  | { type: 'journey_closed'; data: { reason: string; detail?: string } };

export type JourneyEventType = JourneyEvent['type'];

/** An event as stored: the domain fact plus when, by whom and where in the stream. */
export type RecordedEvent = JourneyEvent & {
  eventId: string;
  version: number;
  occurredAt: string;
  actor: Actor;
};
