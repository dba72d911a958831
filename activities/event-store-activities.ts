import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { appendToStream, EventIdConflict, WrongExpectedVersion, type NewEvent } from '../db/event-store';
import { journeyProjectors } from '../db/projections';
import { journeyStreamId } from '../db/projections/journey-summary';
import type { Database } from '../db/schema';

export interface AppendJourneyEventsInput {
  journeyId: string;
  expectedVersion: number;
  events: NewEvent[];
}

export interface AppendJourneyEventsResult {
  version: number;
  /** True when this was a retry of an append that had already committed. */
  duplicate: boolean;
}

/** Activities that write the event log, built around their database so tests and workers share them. */
export function createEventStoreActivities(db: Kysely<Database>, options: { policyDayMs: number }) {
  const projectors = journeyProjectors(options.policyDayMs);
  return {
    /**
     * Appends a journey's events and updates its read models in one transaction. Safe to retry: the
     * workflow chose the event ids, so a second run after a lost completion writes nothing.
     */
    async appendJourneyEvents(input: AppendJourneyEventsInput): Promise<AppendJourneyEventsResult> {
      try {
        const result = await appendToStream(db, journeyStreamId(input.journeyId), input.expectedVersion, input.events, projectors);
        return { version: result.version, duplicate: result.duplicate };
      } catch (error) {
        // A conflict will not heal by retrying; anything else (the database down) is retried until it does.
        if (error instanceof WrongExpectedVersion || error instanceof EventIdConflict)
          throw ApplicationFailure.nonRetryable(error.message, error.name);
        throw error;
      }
    },
  };
}

export type EventStoreActivities = ReturnType<typeof createEventStoreActivities>;
