import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { EventStoreActivities } from '../activities/event-store-activities';
import type { NotificationActivities } from '../activities/notification-activities';
import type { EventNotification, NotificationReceipt } from '../activities/notifications/channel';
import { messageOwed } from '../domain/messages/owed';
// Modules, not the domain's index (which brings next steps and forecasts): each cached journey evaluates what is imported.
import type { Command } from '../domain/commands';
import { decide } from '../domain/decide';
import { DomainError } from '../domain/errors';
import type { RecordedEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import { duePoints, nextDue, type DuePoint } from '../domain/schedule';
import { withTaskEvents } from '../domain/tasks/reconcile';
import { initialState, type JourneyState } from '../domain/state';
import type { Actor } from '../domain/vocabulary';
import { admit, decideOrFail, isDomainFailure } from './command-gate';
import { executeCommand, journeyState, type CommandOutcome, type JourneyWorkflowInput } from './journey-contract';
import { publishSearchAttributes } from './search-attributes';
import { createSerialiser } from './serialise';

// No attempt limit: while the database is down, appends and sends wait and retry; nothing is lost or doubled.
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;
// An append is one short transaction: a worker that dies mid-activity is noticed, and retried, within 10 s.
const { appendJourneyEvents } = proxyActivities<EventStoreActivities>({ startToCloseTimeout: '10 seconds', retry });
// The same append as a local activity: it runs inside the workflow task, so a command is one round trip to
// Temporal instead of an activity task and a second workflow task (about 60 ms less a command here).
const { appendOrCatchUp } = proxyLocalActivities<EventStoreActivities>({ startToCloseTimeout: '10 seconds', retry });
const { notify, notifyEvent } = proxyActivities<NotificationActivities>({ startToCloseTimeout: '10 seconds', retry });

/** The workflow acts on its own timers as this actor, so every event stays attributed. */
const SYSTEM: Actor = { sub: 'journey-engine', role: 'system' };

/**
 * One journey, from referral to closure: the process manager around the pure decider. Commands arrive as
 * updates; reminders, escalations and reviews are durable timers computed from the journey's captured
 * policy; the run continues as new after each review cycle, carrying only the small folded state.
 */
export async function journeyWorkflow(input: JourneyWorkflowInput): Promise<void> {
  const { journeyId, policyDayMs } = input;
  let state: JourneyState = input.state ?? initialState;
  let published = '';
  let reviewCycleEnded = false;
  const serialise = createSerialiser();
  // Journeys that began before event messages existed carry on without them (their histories replay as
  // recorded); every new run, including a continued one, tells the person what happened.
  const eventMessages = patched('event-messages');
  /** Messages the person is owed for what just happened, sent by the main loop, never by an update. */
  const owed: EventNotification[] = [];
  const sendOwed = async (): Promise<void> => {
    while (owed.length > 0) {
      const receipt = await notifyEvent(owed[0]!);
      // The main loop's own sends: commands queue behind them as behind any other.
      if (receipt?.unlistedTasks?.length) await serialise(() => openUnlisted(receipt));
      owed.shift();
    }
  };

  // Journeys begun before appends were local activities keep the activity their histories recorded.
  const localAppend = patched('local-append');

  /** Folds events that are in the log, and does what they ask of the workflow; the command's outcome. */
  const adopt = (events: RecordedEvent[]): CommandOutcome => {
    state = events.reduce(evolve, state);
    if (events.some((event) => event.type === 'review_completed')) reviewCycleEnded = true;
    const message = eventMessages ? messageOwed(events) : null;
    if (message) owed.push({ journeyId, eventId: message.eventId, template: message.template, occurredAt: events[0]!.occurredAt });
    published = publishSearchAttributes(state, nextDue(state, policyDayMs)?.dueAt ?? null, published);
    return { version: state.version, events: events.map((event) => event.type) };
  };

  /**
   * Decides, appends, folds: the only way this workflow changes the journey. `commandId` (the client's
   * update id) is stored with the events, so that a command sent again after its answer was lost is
   * recognised in the log rather than applied twice.
   */
  const apply = async (command: Command, actor: Actor, commandId?: string): Promise<CommandOutcome> => {
    for (;;) {
      // Decide again inside the queue: an earlier command may have changed the state since validation.
      const occurredAt = new Date().toISOString();
      // From this change on a journey's staff work is tasks in its stream, appended with what caused them;
      // what a running journey appended before stays as it was (its history replays without them).
      const decided = patched('staff-tasks')
        ? withTaskEvents(state, decideOrFail(command, state, actor), { actor, now: occurredAt, policyDayMs })
        : decideOrFail(command, state, actor);
      const base = state.version;
      // uuid4() is seeded by the workflow: the same ids on replay and on an activity retry.
      const events = decided.map((event, i) => ({
        ...event,
        eventId: uuid4(),
        version: base + i + 1,
        occurredAt,
        actor,
      })) as RecordedEvent[];
      const input = {
        journeyId,
        expectedVersion: base,
        events: events.map(({ eventId, type, data }) => ({ eventId, type, data, actor, occurredAt })),
      };
      if (!localAppend) {
        await appendJourneyEvents(input);
        return adopt(events);
      }
      const result = await appendOrCatchUp({ ...input, commandId });
      if (result.appended) return adopt(events);
      // The log is ahead of this workflow: an append whose workflow task was lost to a crash. Those events
      // were decided here, so adopt them; if they are this very command's, it is done, else decide again.
      const ahead = result.ahead as Array<RecordedEvent & { commandId?: string | null }>;
      const ids = new Set(events.map((event) => event.eventId));
      const mine = ahead.filter((event) => ids.has(event.eventId) || (commandId !== undefined && event.commandId === commandId));
      const outcome = adopt(ahead);
      if (mine.length > 0) return { version: outcome.version, events: mine.map((event) => event.type) };
    }
  };

  /** A timer fired: record the due point as an event, then send; or start the review that fell due. */
  const fire = async (due: DuePoint): Promise<void> => {
    if (!duePoints(state, policyDayMs).some((point) => point.key === due.key)) return;
    const command: Command =
      due.kind === 'review_due' ? { type: 'start_review', trigger: 'scheduled' } : { type: 'record_reminder', key: due.key };
    try {
      decide(command, state, { actor: SYSTEM });
    } catch (error) {
      if (error instanceof DomainError) return log.info('Due point no longer applies', { key: due.key, code: error.code });
      throw error;
    }
    try {
      await apply(command, SYSTEM);
    } catch (error) {
      // Events adopted from the log (see apply) may have moved the journey on: the point no longer applies.
      if (isDomainFailure(error)) return log.info('Due point no longer applies', { key: due.key });
      throw error;
    }
    if (command.type === 'record_reminder')
      await openUnlisted(await notify({ journeyId, dueKey: due.key, kind: due.kind, to: due.to, dueAt: due.dueAt }));
  };

  /**
   * Staff messages that no task lists yet (a call or visit after a letter failed): the journey opens their
   * tasks, being its only writer. Only receipts of activities that know of tasks carry any, so histories
   * recorded before tasks replay as they were. Called in the command queue (see `serialise`).
   */
  async function openUnlisted(receipt: NotificationReceipt | undefined): Promise<void> {
    for (const task of receipt?.unlistedTasks ?? []) {
      try {
        await apply({ type: 'open_task', ...task }, SYSTEM);
      } catch (error) {
        // Opened already (a retry), or the journey closed meanwhile: nothing to open.
        if (!isDomainFailure(error)) throw error;
      }
    }
  }

  setHandler(journeyState, () => state);
  setHandler(
    executeCommand,
    (envelope) => {
      const commandId = currentUpdateInfo()?.id;
      return serialise(() => {
        const { command, actor } = admit(envelope, state, journeyId);
        return apply(command, actor, commandId);
      });
    },
    {
      validator: (envelope) => {
        const { command, actor } = admit(envelope, state, journeyId);
        decideOrFail(command, state, actor);
      },
    },
  );

  while (state.status !== 'closed') {
    // Sent from here, not from the update: a command answers at once, however slow the provider.
    await sendOwed();
    if (reviewCycleEnded || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await sendOwed();
      // Each review cycle starts a fresh history: a journey of ten years stays far under the limits.
      await continueAsNew<typeof journeyWorkflow>({ journeyId, policyDayMs, state });
    }
    const seen = state.version;
    const moved = () => state.version !== seen || reviewCycleEnded || owed.length > 0;
    const due = nextDue(state, policyDayMs);
    if (!due) {
      await condition(moved);
      continue;
    }
    const waitMs = Date.parse(due.dueAt) - Date.now();
    if (waitMs > 0) {
      if (await condition(moved, waitMs)) continue;
      // Never early: a timer fires at or after its time, but check against workflow time all the same.
      if (Date.now() < Date.parse(due.dueAt)) continue;
    }
    await serialise(() => fire(due));
  }
  await condition(allHandlersFinished);
  // The decision that closed the journey (a refusal, ineligibility) is still owed to the person.
  await sendOwed();
}
