import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { commandRoles, JourneyCommand } from '../../domain/commands';
import type { Database } from '../../db/schema';
import { requireRole, visibleJourney, type VisibleJourney } from '../access';
import type { Caller } from '../caller';
import { conflict, invalidInput, issuesOf } from '../errors';
import { idempotencyScope, runIdempotently } from '../idempotency';
import { actorOf } from '../principal';
import type { JourneyReads } from './journey-reads';
import type { JourneyView } from './journey-view';
import type { JourneyWorkflows } from './journey-workflows';
import { CommandOptions, contactFor } from './schemas';

/**
 * One command to one journey, for the API's `POST /api/journeys/{id}/commands` and every web form alike:
 * parsed once (400 naming each field), the role's right to send it (403), the journey's visibility (404,
 * unless the caller already checked it and passes the checked journey), once per Idempotency-Key, then
 * the workflow decides (409 with the decider's reason) and the journey is read back as it now stands.
 */
export function createSendCommand(deps: { db: Kysely<Database>; workflows: JourneyWorkflows; reads: JourneyReads }) {
  return async function sendCommand(
    caller: Caller,
    target: string | VisibleJourney,
    body: unknown,
    options: { idempotencyKey?: string } = {},
  ): Promise<JourneyView> {
    const journeyId = typeof target === 'string' ? target : target.journeyId;
    caller.audit(journeyId, 'command (invalid)');
    const command = JourneyCommand.safeParse(body);
    const envelope = CommandOptions.safeParse(body);
    if (!command.success || !envelope.success)
      throw invalidInput('The command is not valid: see issues.', [
        ...(command.error ? issuesOf(command.error) : []),
        ...(envelope.error ? issuesOf(envelope.error) : []),
      ]);
    const { principal } = caller;
    caller.audit(journeyId, `command ${command.data.type}`);
    requireRole(principal, commandRoles[command.data.type], `send ${command.data.type}`);
    if (typeof target === 'string' || target.checkedFor !== principal) await visibleJourney(deps.db, principal, journeyId);
    if (command.data.type === 'update_preferences' && command.data.channel)
      await requireContactFor(deps.db, journeyId, command.data.channel);
    return runIdempotently(
      deps.db,
      {
        scope: idempotencyScope(principal, `POST /api/journeys/${journeyId}/commands`),
        key: options.idempotencyKey,
        body,
        successStatus: 200,
      },
      randomUUID,
      async (updateId) => {
        await deps.workflows.command(journeyId, updateId, command.data, actorOf(principal), envelope.data.expectedVersion);
        return deps.reads.view({ journeyId });
      },
    );
  };
}

const detailName = { email: 'an email address', phone: 'a mobile number', address: 'a postal address' } as const;

/**
 * Lesson 5: a channel is only worth choosing with a way to reach the person in it. The record, not the
 * command, lacks it: a 409 that says what to add (contact details stay in `people`, never in an event).
 */
async function requireContactFor(db: Kysely<Database>, journeyId: string, channel: keyof typeof contactFor): Promise<void> {
  const row = await db.selectFrom('people').select('contact').where('journey_id', '=', journeyId).executeTakeFirst();
  const detail = contactFor[channel];
  if (!(row?.contact as Record<string, unknown> | null)?.[detail])
    throw conflict(
      'no_contact_for_channel',
      `There is no ${detailName[detail].replace(/^an? /, '')} on record for ${channel === 'sms' ? 'text messages' : `${channel}s`}: add ${detailName[detail]} first.`,
    );
}
