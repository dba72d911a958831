import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { decide, DomainError, type JourneyCommand, type JourneyState } from '../domain';
import type { Actor } from '../domain/vocabulary';
import { readStream } from '../db/event-store';
import { journeyStreamId, journeyWorkflowId } from '../domain/ids';
import type { Database } from '../db/schema';
import { executeCommand } from '../workflows/messages';
import { Pathway as PathwaySA, Team as TeamSA } from '../workflows/search-attributes';
import type { journeyWorkflow } from '../workflows/journey-workflow';
import { HttpError } from './http-error';
import { journeyView, type JourneyView } from './journey-view';
import type { OpenJourneyRequest } from './schemas';
import { httpErrorFromTemporal } from './temporal-errors';

export interface JourneyServiceDeps {
  db: Kysely<Database>;
  temporal: Client;
  taskQueue: string;
  /** How long to wait on Temporal before a 503: an update to a journey with no worker waits forever. */
  commandTimeoutMs: number;
  /** Captured by each journey when it opens. */
  policyDayMs: number;
}

/** Opaque, random, and never derived from personal data. */
export const newJourneyId = (): string => randomUUID();

/** The journey use cases behind the HTTP routes: the workflow decides, the read model answers. */
export function createJourneyService(deps: JourneyServiceDeps) {
  const { db, temporal } = deps;
  const withDeadline = <T>(fn: () => Promise<T>) => temporal.withDeadline(Date.now() + deps.commandTimeoutMs, fn);

  async function find(journeyId: string): Promise<JourneyView | null> {
    const row = await db.selectFrom('journeys').selectAll().where('journey_id', '=', journeyId).executeTakeFirst();
    return row ? journeyView(row) : null;
  }

  async function get(journeyId: string): Promise<JourneyView> {
    const journey = await find(journeyId);
    if (!journey) throw new HttpError(404, 'not_found', 'No such journey.');
    return journey;
  }

  return {
    get,

    /** What the journey has queued for people and staff, oldest first (`GET .../notifications`). */
    async notifications(journeyId: string) {
      await get(journeyId);
      const rows = await db.selectFrom('notifications').selectAll().where('journey_id', '=', journeyId).orderBy('id').execute();
      return rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        template: row.template,
        recipient: row.recipient,
        reason: row.due_key,
        // Mid-send is still queued to the reader: the contract's statuses are queued, sent, delivered, failed.
        status: row.status === 'sending' ? 'queued' : row.status,
        dueAt: row.due_at.toISOString(),
        queuedAt: row.queued_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
        failure: row.failure,
        why: row.reason,
        format: row.format,
        language: row.language,
        attempts: row.attempts,
        provider: row.provider,
        providerId: row.provider_id,
        fallbackOf: row.fallback_of,
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        failedAt: row.failed_at?.toISOString() ?? null,
        updatedAt: row.updated_at.toISOString(),
      }));
    },

    async events(journeyId: string) {
      await get(journeyId);
      const [events, notes] = await Promise.all([
        readStream(db, journeyStreamId(journeyId)),
        db.selectFrom('journey_notes').select(['version', 'note']).where('journey_id', '=', journeyId).execute(),
      ]);
      const noteAt = new Map(notes.map((n) => [n.version, n.note]));
      // A command's note shows on the first event it produced.
      return events.map(({ eventId, version, type, occurredAt, actor, data }) => ({
        eventId,
        version,
        type,
        occurredAt,
        actor,
        data,
        ...(noteAt.has(version) ? { note: noteAt.get(version) } : {}),
      }));
    },

    /**
     * Keeps the person's details in `people` and starts the journey's workflow, which records the opening
     * as events. Safe to repeat with the same id: the workflow id and the update id deduplicate.
     */
    async open(journeyId: string, request: OpenJourneyRequest, actor: Actor): Promise<JourneyView> {
      const { person } = request;
      await db
        .insertInto('people')
        .values({
          journey_id: journeyId,
          name: person.name,
          nhs_number: person.nhsNumber,
          date_of_birth: person.dateOfBirth,
          contact: JSON.stringify(person.contact),
          preferences: JSON.stringify(person.preferences),
          representative: person.representative ? JSON.stringify(person.representative) : null,
        })
        .onConflict((oc) => oc.column('journey_id').doNothing())
        .execute();
      try {
        await withDeadline(async () => {
          const handle = await startOrFind(journeyId, request);
          await handle.executeUpdate(executeCommand, {
            updateId: 'open',
            args: [
              {
                command: { type: 'open_journey', journeyId, pathway: request.pathway, team: request.team, referralSource: request.referralSource },
                actor,
              },
            ],
          });
        });
      } catch (error) {
        const mapped = httpErrorFromTemporal(error);
        // A repeat after the journey opened: the journey is what the caller asked for.
        if (!(mapped.status === 409 && mapped.code === 'already_open')) throw mapped;
      }
      return get(journeyId);
    },

    async command(journeyId: string, updateId: string, command: JourneyCommand, actor: Actor, expectedVersion?: number): Promise<JourneyView> {
      let outcome;
      // The note stays out of Temporal: free text may hold personal data, and no decision reads it.
      const { note: _note, ...bare } = command;
      try {
        outcome = await withDeadline(() =>
          temporal.workflow
            .getHandle(journeyWorkflowId(journeyId))
            .executeUpdate(executeCommand, { updateId, args: [{ command: bare as JourneyCommand, actor, expectedVersion }] }),
        );
      } catch (error) {
        // No running workflow: the journey is closed (say why), missing, or was never started by us.
        if (error instanceof WorkflowNotFoundError) await refuseWithoutWorkflow(journeyId, command, actor);
        throw httpErrorFromTemporal(error);
      }
      if (command.note?.trim())
        await db
          .insertInto('journey_notes')
          .values({
            journey_id: journeyId,
            command_id: updateId,
            version: outcome.version - outcome.events.length + 1,
            command: command.type,
            note: command.note,
            actor: JSON.stringify(actor),
          })
          .onConflict((oc) => oc.columns(['journey_id', 'command_id']).doNothing())
          .execute();
      return get(journeyId);
    },
  };

  /**
   * Why a command found no workflow to take it, read from the journey's record (only then: the usual path
   * does not read the journey before the update). A closed journey's workflow has finished; the same
   * decider, run on the read model, says why not. Returns when the journey is open (no workflow running).
   */
  async function refuseWithoutWorkflow(journeyId: string, command: JourneyCommand, actor: Actor): Promise<void> {
    const journey = await db.selectFrom('journeys').select(['status', 'state']).where('journey_id', '=', journeyId).executeTakeFirst();
    if (!journey) throw new HttpError(404, 'not_found', 'No such journey.');
    if (journey.status !== 'closed') return;
    try {
      decide(command, journey.state as JourneyState, { actor });
    } catch (error) {
      if (error instanceof DomainError) throw new HttpError(409, error.code, error.message);
      throw error;
    }
    throw new HttpError(409, 'journey_closed', 'This journey is closed.');
  }

  async function startOrFind(journeyId: string, request: OpenJourneyRequest) {
    try {
      return await temporal.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
        workflowId: journeyWorkflowId(journeyId),
        taskQueue: deps.taskQueue,
        args: [{ journeyId, policyDayMs: deps.policyDayMs }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A finished journey's id is never reused for a new workflow.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: TeamSA, value: request.team },
          { key: PathwaySA, value: request.pathway },
        ],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return temporal.workflow.getHandle(journeyWorkflowId(journeyId));
      throw error;
    }
  }
}

export type JourneyService = ReturnType<typeof createJourneyService>;
