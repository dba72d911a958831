import { commandRoles, JourneyCommand, OpenJourney, SystemCommand, type Command } from '../../../domain/commands';
import { decide } from '../../../domain/decide';
import { evolve, fold } from '../../../domain/evolve';
import { duePoints } from '../../../domain/schedule';
import { withTaskEvents } from '../../../domain/tasks/reconcile';
import { initialState } from '../../../domain/state';
import { DAY_MS } from '../../../workload/durations';
import { generateJourneyScript, type JourneyScript } from '../../../workload/journey-script';
import { idFor, NOW, scripts } from './workload-fixture';

/** What a command is allowed to be and who may send it, as the API and the workflow see it. */
function checkCommand(command: Command, role: string): void {
  if (command.type === 'open_journey') {
    expect(OpenJourney.safeParse(command).success).toBe(true);
    expect(['coordinator', 'manager']).toContain(role);
  } else if (command.type === 'start_review' || command.type === 'record_reminder') {
    expect(SystemCommand.safeParse(command).success).toBe(true);
    expect(role).toBe('system');
  } else {
    const parsed = JourneyCommand.safeParse(command);
    if (!parsed.success) throw new Error(`${command.type} is not a valid command: ${parsed.error.message}`);
    expect(commandRoles[parsed.data.type]).toContain(role);
  }
}

/** Replays a script through the real decider, checking each step's events and the workflow's timers. */
function replay(script: JourneyScript): void {
  let state = initialState;
  let offset = 0;
  for (const step of script.steps) {
    checkCommand(step.command, step.actor.role);
    const atMs = Date.parse(step.at);
    const due = duePoints(state, DAY_MS);
    if (step.actor.role === 'system') {
      // A timer fires at its due point, never early, never late.
      const key = step.command.type === 'record_reminder' ? step.command.key : undefined;
      const point = due.find((p) => (key ? p.key === key : p.kind === 'review_due'));
      expect(point?.dueAt).toBe(step.at);
    }
    // Nothing the workflow would have acted on first is left waiting behind this step.
    expect(due.filter((p) => Date.parse(p.dueAt) < atMs)).toEqual([]);
    const decided = withTaskEvents(state, decide(step.command, state, { actor: step.actor }), {
      actor: step.actor,
      now: step.at,
      policyDayMs: DAY_MS,
    });
    const recorded = script.events.slice(offset, offset + step.eventCount);
    expect(recorded.map(({ type, data }) => ({ type, data }))).toEqual(decided);
    for (const event of recorded) {
      expect(event.occurredAt).toBe(step.at);
      expect(event.actor).toEqual(step.actor);
      state = evolve(state, event);
    }
    offset += step.eventCount;
  }
  expect(offset).toBe(script.events.length);
  expect(state).toEqual(script.state);
  // At `now`, every timer that was due has fired.
  expect(duePoints(state, DAY_MS).filter((p) => Date.parse(p.dueAt) <= NOW.getTime())).toEqual([]);
}

describe('journey scripts', () => {
  const sample = scripts(42, 400);

  it('are the same for the same seed, and differ for another', () => {
    const again = scripts(42, 50);
    expect(again).toEqual(sample.slice(0, 50));
    const other = scripts(43, 50);
    expect(other.map((s) => s.events.length)).not.toEqual(again.map((s) => s.events.length));
  });

  it('do not depend on which other journeys are generated alongside', () => {
    const alone = generateJourneyScript({ seed: 42, index: 123, journeyId: idFor(123), now: NOW });
    expect(alone).toEqual(sample[123]);
  });

  it('replay through decide and evolve: every command valid, every event what the engine produces', () => {
    for (const script of sample) replay(script);
  });

  it('number versions 1..n, keep time in order, and end at now', () => {
    for (const script of sample) {
      expect(script.events.map((e) => e.version)).toEqual(script.events.map((_, i) => i + 1));
      const times = script.events.map((e) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
      expect(script.events[0]!.occurredAt).toBe(script.openedAt);
      expect(fold(script.events, initialState)).toEqual(script.state);
    }
  });

  it('open journeys over the past three years', () => {
    const ages = sample.map((s) => (NOW.getTime() - Date.parse(s.openedAt)) / DAY_MS);
    expect(Math.max(...ages)).toBeLessThanOrEqual(3 * 365);
    expect(Math.max(...ages)).toBeGreaterThan(2.5 * 365);
    expect(Math.min(...ages)).toBeLessThan(30);
  });

  it('leave reminders out when asked, and still start reviews on their dates', () => {
    const quiet = scripts(42, 200, { reminders: false });
    for (const script of quiet) expect(script.events.some((e) => e.type === 'reminder_sent')).toBe(false);
    expect(quiet.some((s) => s.steps.some((step) => step.command.type === 'start_review'))).toBe(true);
  });
});
