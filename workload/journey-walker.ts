import type { Command } from '../domain/commands';
import { instant } from '../domain/dates';
import { decide } from '../domain/decide';
import { DomainError } from '../domain/errors';
import type { RecordedEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import { duePoints, type DuePoint } from '../domain/schedule';
import { initialState, type JourneyState } from '../domain/state';
import { withTaskEvents } from '../domain/tasks/reconcile';
import type { Actor } from '../domain/vocabulary';
import { systemActor } from './actors';
import { DAY_MS } from './durations';

/** One command as it was issued: when, by whom, and what it produced. */
export interface ScriptStep {
  at: string;
  actor: Actor;
  command: Command;
  /** How many events it appended: `decide`'s, then the task events they call for (the events are in the script's list). */
  eventCount: number;
}

/**
 * Unwinds the walk: the next thing would happen after `now` (the journey is still in progress), or the
 * journey has just closed. A throw, because either can happen in the middle of any stage's script.
 */
export class WalkEnded {
  constructor(readonly why: 'now' | 'closed') {}
}

/**
 * Walks one journey through the real decider: every command goes through `decide` and every event through
 * `evolve`, at a backdated time, and the workflow's timers (reminders, review starts) fire at their due
 * points on the way, exactly as `journeyWorkflow` records them. A refusal from the domain means the
 * generator asked for something the engine would not do: that is a bug, so it fails loudly.
 */
export class JourneyWalker {
  state: JourneyState = initialState;
  readonly steps: ScriptStep[] = [];
  readonly events: RecordedEvent[] = [];
  /** The time of the last command or timer. */
  lastMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly nowMs: number,
    /** Names the journey in errors (seed and index), so a failure can be reproduced. */
    private readonly label: string,
    private readonly reminders: boolean,
  ) {}

  /** Lets the clock run to `atMs` (timers fire), then issues the command. */
  act(atMs: number, command: Command, actor: Actor): void {
    this.advanceTo(atMs);
    this.apply(command, actor, atMs);
  }

  /** Lets the clock run to `atMs`; stops the walk at `now`. */
  advanceTo(atMs: number): void {
    if (atMs > this.nowMs) {
      this.fireTimersUntil(this.nowMs);
      throw new WalkEnded('now');
    }
    this.fireTimersUntil(atMs);
  }

  /** The due point of a kind in the current wait, if any (the review date, say). */
  duePoint(kind: DuePoint['kind']): DuePoint | undefined {
    return duePoints(this.state, DAY_MS).find((point) => point.kind === kind);
  }

  private fireTimersUntil(limitMs: number): void {
    for (;;) {
      // The workflow sleeps until the earliest point; without reminders only the review start is acted on.
      const due = duePoints(this.state, DAY_MS).find((point) => this.reminders || point.kind === 'review_due');
      if (!due || Date.parse(due.dueAt) > limitMs) return;
      const command: Command =
        due.kind === 'review_due' ? { type: 'start_review', trigger: 'scheduled' } : { type: 'record_reminder', key: due.key };
      this.apply(command, systemActor, Date.parse(due.dueAt));
    }
  }

  private apply(command: Command, actor: Actor, atMs: number): void {
    if (atMs < this.lastMs)
      throw new Error(`Workload generator bug (${this.label}): ${command.type} at ${instant(atMs)} is before ${instant(this.lastMs)}.`);
    let decided;
    try {
      decided = decide(command, this.state, { actor });
    } catch (error) {
      if (error instanceof DomainError)
        throw new Error(
          `Workload generator bug (${this.label}): the domain refused ${command.type} at the ${this.state.stage} stage ` +
            `(${error.code}): ${error.message}`,
          { cause: error },
        );
      throw error;
    }
    const occurredAt = instant(atMs);
    // The staff work the workflow would open, take or close with these events, in the same append.
    const appended = withTaskEvents(this.state, decided, { actor, now: occurredAt, policyDayMs: DAY_MS });
    let state = this.state;
    for (const event of appended) {
      // The writer gives each event its real id; the fold never reads it.
      const recorded = { ...event, eventId: '', version: state.version + 1, occurredAt, actor } as RecordedEvent;
      state = evolve(state, recorded);
      this.events.push(recorded);
    }
    this.state = state;
    this.lastMs = atMs;
    this.steps.push({ at: occurredAt, actor, command, eventCount: appended.length });
  }
}
