import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { appendToStream, EventIdConflict, WrongExpectedVersion, type NewEvent, type StoredEvent } from '../db/event-store';
import { journeyProjectors } from '../db/projections';
import { journeyStreamId } from '../domain/ids';
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

export interface AppendOrCatchUpInput extends AppendJourneyEventsInput {
  /** The client's command (the API's update id), stored with each event so a repeat of it is recognised. */
  commandId?: string;
}

/** Appended at the expected version, or the stream was already past it: the events after it, to adopt. */
export type AppendOrCatchUpResult = { appended: true; version: number } | { appended: false; version: number; ahead: StoredEvent[] };

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

    /**
     * The append of journeys begun since appends became local activities (run inside the workflow task,
     * so a command costs one round trip to Temporal, not three). A crash can leave an append in the log
     * that Temporal never recorded; the workflow then finds the stream ahead of it and adopts those events.
     * A retry of an append already stored answers as appended.
     */
    async appendOrCatchUp(input: AppendOrCatchUpInput): Promise<AppendOrCatchUpResult> {
      const events = input.events.map((event) => ({ ...event, commandId: input.commandId ?? null }));
      try {
        const result = await appendToStream(db, journeyStreamId(input.journeyId), input.expectedVersion, events, projectors);
        return { appended: true, version: result.version };
      } catch (error) {
        if (error instanceof WrongExpectedVersion && error.ahead) return { appended: false, version: error.actual, ahead: error.ahead };
        throw error;
      }
    },
  };
}

export type EventStoreActivities = ReturnType<typeof createEventStoreActivities>;
