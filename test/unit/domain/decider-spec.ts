import { decide } from '../../../domain/decide';
import { DomainError } from '../../../domain/errors';
import { evolve } from '../../../domain/evolve';
import { initialState } from '../../../domain/state';
import type { Command, CommandOf } from '../../../domain/commands';
import type { JourneyEvent, PlanLineData, RecordedEvent } from '../../../domain/events';
import type { JourneyState } from '../../../domain/state';
import type { Actor, Pathway, Stage } from '../../../domain/vocabulary';

export const DAY = 86_400_000;
export const T0 = '2025-03-03T09:00:00.000Z';

export const coordinator: Actor = { sub: 'coord-1', role: 'coordinator' };
export const approver: Actor = { sub: 'lead-1', role: 'approver' };
export const manager: Actor = { sub: 'mgr-1', role: 'manager' };
export const person: Actor = { sub: 'person-1', role: 'person' };
export const system: Actor = { sub: 'workflow', role: 'system' };

/** Folds domain events into state, each one a minute after the last from `start`. */
export function stateFrom(events: readonly JourneyEvent[], start = T0): JourneyState {
  return events.reduce(
    (state, event, index) =>
      evolve(state, {
        ...event,
        eventId: `e${index + 1}`,
        version: index + 1,
        occurredAt: new Date(Date.parse(start) + index * 60_000).toISOString(),
        actor: coordinator,
      } as RecordedEvent),
    initialState,
  );
}

/** Given a history (events, or a journey built by commands), when a command, then events or a refusal. */
export function given(history: readonly JourneyEvent[] | Journey) {
  const state = history instanceof Journey ? history.state : stateFrom(history);
  return {
    when(command: Command, actor: Actor = coordinator) {
      const run = () => decide(command, state, { actor });
      return {
        then(expected: JourneyEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenRejects(code: string): DomainError {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          const error = caught as DomainError;
          expect(error.code).toBe(code);
          expect(error.message.length).toBeGreaterThan(20);
          return error;
        },
      };
    },
  };
}

export const notionalNhs: PlanLineData = {
  description: 'Care at home',
  fundingStream: 'nhs',
  managementOption: 'notional',
  annualCostPence: 1_000_000,
};

/** A plan that fits the journey's pathway, at or under the indicative amount. */
export function planFor(pathway: Pathway): PlanLineData[] {
  switch (pathway) {
    case 'chc':
    case 'chc_fast_track':
      return [notionalNhs];
    case 'phb':
      return [{ description: 'Personal assistant', fundingStream: 'nhs', managementOption: 'direct_payment', annualCostPence: 1_000_000 }];
    case 'social_care':
      return [{ description: 'Day service', fundingStream: 'social_care', managementOption: 'third_party', annualCostPence: 1_000_000 }];
    case 'integrated':
      return [
        { ...notionalNhs, annualCostPence: 600_000 },
        { description: 'Personal assistant', fundingStream: 'social_care', managementOption: 'direct_payment', annualCostPence: 400_000 },
      ];
  }
}

export function submitPlan(lines: PlanLineData[]): CommandOf<'submit_plan'> {
  return { type: 'submit_plan', outcomes: ['Stay at home'], lines, risks: [] };
}

/**
 * A journey driven by real commands through `decide` and `evolve`, with a clock the test moves on.
 * `to(stage)` walks the usual path; every step is a command a client (or the workflow) could send.
 */
export class Journey {
  state: JourneyState = initialState;
  readonly events: RecordedEvent[] = [];
  now = Date.parse(T0);

  constructor(
    readonly pathway: Pathway = 'phb',
    readonly plan: PlanLineData[] = planFor(pathway),
    readonly indicativePence = 1_000_000,
  ) {
    this.run({ type: 'open_journey', journeyId: 'j-1', pathway, team: 'north', referralSource: 'gp' });
  }

  /** Runs one command now; returns its events. Throws the DomainError when it is refused. */
  run(command: Command, actor: Actor = coordinator): JourneyEvent[] {
    const events = decide(command, this.state, { actor });
    for (const event of events) {
      const recorded = {
        ...event,
        eventId: `e${this.state.version + 1}`,
        version: this.state.version + 1,
        occurredAt: new Date(this.now).toISOString(),
        actor,
      } as RecordedEvent;
      this.events.push(recorded);
      this.state = evolve(this.state, recorded);
    }
    return events;
  }

  wait(days: number, dayMs = DAY): this {
    this.now += Math.round(days * dayMs);
    return this;
  }

  /** Walks the usual path until the journey reaches `stage`. */
  to(stage: Stage): this {
    while (this.state.stage !== stage) {
      if (this.state.status === 'closed') throw new Error(`closed before reaching ${stage}`);
      this.step();
    }
    return this;
  }

  private step(): void {
    const { state } = this;
    switch (state.stage) {
      case 'referral':
        this.run({ type: 'assign_coordinator', coordinator: 'coord-1' });
        this.run({ type: 'record_consent', given: true, by: 'person' });
        return;
      case 'awareness':
        this.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'face_to_face' });
        this.run({ type: 'record_decision', decision: 'proceed' }, person);
        return;
      case 'assessment':
        this.run({ type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] });
        return;
      case 'indicative_budget':
        this.run({ type: 'set_indicative_budget', amountPence: this.indicativePence, method: 'ras', trace: [] });
        this.run({ type: 'record_budget_told', channel: 'phone' });
        return;
      case 'planning':
        this.run({ type: 'record_advice_offer', outcome: 'accepted' });
        this.run(submitPlan(this.plan));
        return;
      case 'sign_off':
        this.run({ type: 'approve_plan' }, state.budget.signOffRoute === 'team_lead' ? approver : manager);
        return;
      case 'setup':
        this.run({ type: 'record_support_started', date: new Date(this.now).toISOString().slice(0, 10) });
        return;
      case 'active':
        this.run({ type: 'start_review', trigger: 'scheduled' }, system);
        return;
      case 'review':
        this.run({ type: 'record_advice_offer', outcome: 'later' });
        this.run({ type: 'complete_review', outcome: 'keep' });
        return;
      case 'closed':
        throw new Error('the journey is closed');
    }
  }
}

export function journey(pathway: Pathway = 'phb', plan?: PlanLineData[], indicativePence?: number): Journey {
  return new Journey(pathway, plan ?? planFor(pathway), indicativePence);
}
