import { ApplicationFailure } from '@temporalio/workflow';
// Modules, not the domain's index: everything a workflow imports is evaluated again for each cached journey.
import type { Command } from '../domain/commands';
import { decide } from '../domain/decide';
import { DomainError } from '../domain/errors';
import type { JourneyEvent } from '../domain/events';
import type { JourneyState } from '../domain/state';
import type { Actor } from '../domain/vocabulary';
import { failureTypes, type CommandEnvelope } from './journey-contract';
import { commandSchemas } from './shared-modules';

/** The task work a client may send (`open_task` is the workflow's own). */
const taskWorkTypes = new Set(['claim_task', 'release_task', 'assign_task', 'snooze_task', 'complete_task']);

/**
 * Checks a client's command envelope: its shape, the journey it names and the version the client saw.
 * Failures are `ApplicationFailure`s: a plain Error would fail the workflow task and retry forever.
 */
export function admit(envelope: CommandEnvelope, state: JourneyState, journeyId: string): { command: Command; actor: Actor } {
  const { JourneyCommand, OpenJourney, TaskWork, Actor } = commandSchemas();
  const type = envelope?.command?.type;
  const schema = type === 'open_journey' ? OpenJourney : typeof type === 'string' && taskWorkTypes.has(type) ? TaskWork : JourneyCommand;
  const command = schema.safeParse(envelope?.command);
  const actor = Actor.safeParse(envelope?.actor);
  if (!command.success || !actor.success) {
    const issues = [
      ...(command.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? []),
      ...(actor.error?.issues.map((i) => ({ path: ['actor', ...i.path].join('.'), message: i.message })) ?? []),
    ];
    throw ApplicationFailure.create({
      type: failureTypes.invalidCommand,
      message: 'The command is not valid.',
      details: [issues],
      nonRetryable: true,
    });
  }
  if (command.data.type === 'open_journey' && command.data.journeyId !== journeyId)
    throw ApplicationFailure.create({
      type: failureTypes.invalidCommand,
      message: 'The journey id does not match this workflow.',
      nonRetryable: true,
    });
  if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== state.version)
    throw ApplicationFailure.create({
      type: failureTypes.wrongExpectedVersion,
      message: `The journey has moved on: it is at version ${state.version}, not ${envelope.expectedVersion}. Reload it and try again.`,
      nonRetryable: true,
    });
  return { command: command.data, actor: actor.data };
}

/** `decide`, with a refusal turned into the failure the API maps to 409. */
export function decideOrFail(command: Command, state: JourneyState, actor: Actor): JourneyEvent[] {
  try {
    return decide(command, state, { actor });
  } catch (error) {
    if (error instanceof DomainError)
      throw ApplicationFailure.create({
        type: failureTypes.domain,
        message: error.message,
        details: [{ code: error.code }],
        nonRetryable: true,
      });
    throw error;
  }
}

/** Whether a failure is `decideOrFail`'s refusal (the journey's state forbids the command). */
export const isDomainFailure = (error: unknown): boolean => error instanceof ApplicationFailure && error.type === failureTypes.domain;
