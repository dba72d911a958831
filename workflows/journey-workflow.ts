import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { EventStoreActivities } from '../activities/event-store-activities';
import { decide, DomainError, evolve, initialState, JourneyCommand, OpenJourney, type JourneyEvent, type JourneyState, type RecordedEvent } from '../domain';
import { Actor } from '../domain/vocabulary';
import { executeCommand, failureTypes, journeyState, type CommandEnvelope, type JourneyWorkflowInput } from './messages';
import * as sa from './search-attributes';
import { createSerialiser } from './serialise';

const { appendJourneyEvents } = proxyActivities<EventStoreActivities>({
  startToCloseTimeout: '30 seconds',
  // No attempt limit: while the database is down the append waits and retries; nothing is lost or doubled.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** One journey, from referral to closure: the process manager around the pure decider. */
export async function journeyWorkflow(input: JourneyWorkflowInput): Promise<void> {
  let state: JourneyState = input.state ?? initialState;
  let published = '';
  const serialise = createSerialiser();

  const decideOrFail = (envelope: CommandEnvelope): JourneyEvent[] => {
    const schema = envelope?.command?.type === 'open_journey' ? OpenJourney : JourneyCommand;
    const command = schema.safeParse(envelope?.command);
    const actor = Actor.safeParse(envelope?.actor);
    if (!command.success || !actor.success) {
      const issues = [...(command.error?.issues ?? []), ...(actor.error?.issues.map((i) => ({ ...i, path: ['actor', ...i.path] })) ?? [])];
      throw ApplicationFailure.create({
        type: failureTypes.invalidCommand,
        message: 'The command is not valid.',
        details: [issues.map((i) => ({ path: i.path.join('.'), message: i.message }))],
        nonRetryable: true,
      });
    }
    if (command.data.type === 'open_journey' && command.data.journeyId !== input.journeyId)
      throw ApplicationFailure.create({ type: failureTypes.invalidCommand, message: 'The journey id does not match this workflow.', nonRetryable: true });
    if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== state.version)
      throw ApplicationFailure.create({
        type: failureTypes.wrongExpectedVersion,
        message: `The journey has moved on: it is at version ${state.version}, not ${envelope.expectedVersion}. Reload it and try again.`,
        nonRetryable: true,
      });
    try {
      return decide(command.data, state, { actor: actor.data });
    } catch (error) {
      // A plain Error would fail the workflow task and retry forever; a failure only refuses the update.
      if (error instanceof DomainError)
        throw ApplicationFailure.create({ type: failureTypes.domain, message: error.message, details: [{ code: error.code }], nonRetryable: true });
      throw error;
    }
  };

  setHandler(journeyState, () => state);
  setHandler(
    executeCommand,
    (envelope) =>
      serialise(async () => {
        // Decide again: an earlier update may have changed the state since the validator ran.
        const decided = decideOrFail(envelope);
        const occurredAt = new Date().toISOString();
        const base = state.version;
        // uuid4() is seeded by the workflow: the same ids on replay and on an activity retry.
        const events = decided.map((event, i) => ({
          ...event,
          eventId: uuid4(),
          version: base + i + 1,
          occurredAt,
          actor: envelope.actor,
        })) as RecordedEvent[];
        await appendJourneyEvents({
          journeyId: input.journeyId,
          expectedVersion: base,
          events: events.map(({ eventId, type, data, actor }) => ({ eventId, type, data, actor, occurredAt })),
        });
        state = events.reduce(evolve, state);
        published = publishSearchAttributes(state, published);
        return { version: state.version, events: events.map((e) => e.type) };
      }),
    { validator: (envelope) => void decideOrFail(envelope) },
  );

  await condition(() => state.status === 'closed' && allHandlersFinished());
}

/** Upserts the journey's search attributes when they change; returns what is now published. */
function publishSearchAttributes(state: JourneyState, published: string): string {
  const pairs = [
    { key: sa.JourneyStage, value: state.stage },
    { key: sa.WaitingOn, value: state.waitingOn ?? 'nobody' },
    { key: sa.StageEnteredAt, value: state.stageEnteredAt ? new Date(state.stageEnteredAt) : null },
    { key: sa.Team, value: state.team },
    { key: sa.Pathway, value: state.pathway },
  ];
  const fingerprint = JSON.stringify(pairs.map((p) => p.value));
  if (fingerprint !== published) upsertSearchAttributes(pairs);
  return fingerprint;
}

