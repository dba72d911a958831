import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { decide } from '../../domain/decide';
import type { Command, JourneyCommand, TaskWork } from '../../domain/commands';
import { DomainError } from '../../domain/errors';
import { journeyWorkflowId } from '../../domain/ids';
import type { JourneyState } from '../../domain/state';
import type { Actor } from '../../domain/vocabulary';
import type { Database } from '../../db/schema';
import type { journeyWorkflow } from '../../workflows/journey-workflow';
import { executeCommand, type CommandOutcome } from '../../workflows/journey-contract';
import { Pathway as PathwaySA, Team as TeamSA } from '../../workflows/search-attributes';
import { conflict, notFound } from '../errors';
import type { OpenJourneyRequest } from './schemas';
import { appErrorFromTemporal } from './temporal-failures';

export interface JourneyWorkflowsDeps {
  db: Kysely<Database>;
  temporal: Client;
  taskQueue: string;
  /** How long to wait on Temporal before a 503: an update to a journey with no worker waits forever. */
  commandTimeoutMs: number;
  /** Captured by each journey when it opens. */
  policyDayMs: number;
}

/**
 * The journey's workflow as the application drives it: started (or found) for a journey, and sent one
 * command at a time as a Workflow Update, whose validator runs the decider. Knows nothing of callers:
 * the use cases check access first (open-journey.ts, send-command.ts); the demo drives it directly.
 */
export function createJourneyWorkflows(deps: JourneyWorkflowsDeps) {
  const { db, temporal } = deps;
  const withDeadline = <T>(fn: () => Promise<T>) => temporal.withDeadline(Date.now() + deps.commandTimeoutMs, fn);

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

  /**
   * Why a command found no workflow to take it, read from the journey's record (only then: the usual path
   * does not read the journey before the update). A closed journey's workflow has finished; the same
   * decider, run on the read model, says why not. Returns when the journey is open (no workflow running).
   */
  async function refuseWithoutWorkflow(journeyId: string, command: Command, actor: Actor): Promise<void> {
    const journey = await db.selectFrom('journeys').select(['status', 'state']).where('journey_id', '=', journeyId).executeTakeFirst();
    if (!journey) throw notFound();
    if (journey.status !== 'closed') return;
    try {
      decide(command, journey.state as JourneyState, { actor });
    } catch (error) {
      if (error instanceof DomainError) throw conflict(error.code, error.message);
      throw error;
    }
    throw conflict('journey_closed', 'This journey is closed.');
  }

  return {
    /**
     * Keeps the person's details in `people` and starts the journey's workflow, which records the opening
     * as events. Safe to repeat with the same id: the workflow id and the update id deduplicate.
     */
    async open(journeyId: string, request: OpenJourneyRequest, actor: Actor): Promise<void> {
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
                command: {
                  type: 'open_journey',
                  journeyId,
                  pathway: request.pathway,
                  team: request.team,
                  referralSource: request.referralSource,
                },
                actor,
              },
            ],
          });
        });
      } catch (error) {
        const mapped = appErrorFromTemporal(error);
        // A repeat after the journey opened: the journey is what the caller asked for.
        if (!(mapped.status === 409 && mapped.code === 'already_open')) throw mapped;
      }
    },

    /** Sends one command; its note stays in PostgreSQL (free text may hold personal data, and no decision reads it). */
    async command(
      journeyId: string,
      updateId: string,
      command: JourneyCommand | TaskWork,
      actor: Actor,
      expectedVersion?: number,
    ): Promise<CommandOutcome> {
      // Free text stays beside the log: a note, and what advice is asked about, kept as the command's note.
      const { note: given, ...rest } = command;
      const about = rest.type === 'request_advice' ? rest.about : undefined;
      const bare = (rest.type === 'request_advice' ? { type: rest.type } : rest) as Command;
      const note = [given, about].filter((text) => text?.trim()).join('\n') || undefined;
      let outcome: CommandOutcome;
      try {
        outcome = await withDeadline(() =>
          temporal.workflow
            .getHandle(journeyWorkflowId(journeyId))
            .executeUpdate(executeCommand, { updateId, args: [{ command: bare, actor, expectedVersion }] }),
        );
      } catch (error) {
        // No running workflow: the journey is closed (say why), missing, or was never started by us.
        if (error instanceof WorkflowNotFoundError) await refuseWithoutWorkflow(journeyId, command as Command, actor);
        throw appErrorFromTemporal(error);
      }
      if (note?.trim())
        await db
          .insertInto('journey_notes')
          .values({
            journey_id: journeyId,
            command_id: updateId,
            version: outcome.version - outcome.events.length + 1,
            command: command.type,
            note,
            actor: JSON.stringify(actor),
          })
          .onConflict((oc) => oc.columns(['journey_id', 'command_id']).doNothing())
          .execute();
      return outcome;
    },
  };
}

export type JourneyWorkflows = ReturnType<typeof createJourneyWorkflows>;
