import type { Command } from '../domain/commands';
import type { Actor } from '../domain/vocabulary';
import type { JourneyContext } from './context';
import { sampleMs } from './durations';
import { WalkEnded } from './journey-walker';
import { rates } from './mix';

export interface WindowOptions {
  /** A hospital stay (on hold) may interrupt this wait. */
  holds?: boolean;
  /** The person may withdraw (or, on the fast track, die) during this wait. */
  endings?: boolean;
  /** The coordinator may change during this wait. */
  reassigns?: boolean;
}

type Interjection = { at: number; run: (atMs: number) => void };

/**
 * The wait of one stage, from now for `durationMs`, with the stage's commands placed at fractions of it.
 * The things that interrupt real journeys (a hold, a withdrawal, a new coordinator) are drawn up front
 * and slotted in at their own fractions; a hold pushes everything after it later by its length, since
 * on hold nothing moves the journey on.
 */
export class StageWindow {
  readonly start: number;
  private readonly durationMs: number;
  private holdAt: number | null = null;
  private holdMs = 0;
  private readonly pending: Interjection[] = [];

  constructor(
    private readonly j: JourneyContext,
    durationMs: number,
    options: WindowOptions = {},
  ) {
    const { random, walker } = j;
    this.start = walker.lastMs;
    this.durationMs = durationMs;
    if (options.holds && random.chance(rates.holdPerStage)) {
      const at = random.between(0.05, 0.9);
      const holdMs = sampleMs(random, j.medians.hold);
      this.pending.push({
        at,
        run: (atMs) => {
          walker.act(
            atMs,
            { type: 'put_on_hold', reason: random.pick(['Hospital stay', 'Respite stay', 'Family emergency']) },
            j.coordinator,
          );
          walker.act(atMs + holdMs, { type: 'resume' }, j.coordinator);
          this.holdAt = at;
          this.holdMs = holdMs;
        },
      });
    }
    if (options.reassigns && random.chance(rates.reassignCoordinatorPerStage)) {
      this.pending.push({
        at: random.between(0.05, 0.95),
        run: (atMs) => {
          let next = j.staff.coordinator(random);
          while (next.sub === j.coordinator.sub) next = j.staff.coordinator(random);
          walker.act(atMs, { type: 'assign_coordinator', coordinator: next.sub }, j.staff.manager());
          j.coordinator = next;
        },
      });
    }
    if (options.endings) {
      const dies = j.pathway === 'chc_fast_track' && random.chance(rates.fastTrackDiesPerStage);
      if (dies || random.chance(rates.withdrawPerStage)) {
        this.pending.push({
          at: random.between(0.05, 0.95),
          run: (atMs) => {
            const command: Command = dies
              ? { type: 'close', reason: 'died' }
              : {
                  type: 'withdraw',
                  reason: random.pick(['Changed their mind', 'Prefers services arranged for them', 'Family will arrange care']),
                };
            walker.act(atMs, command, dies || random.chance(0.4) ? j.coordinator : j.person);
            throw new WalkEnded('closed');
          },
        });
      }
    }
    this.pending.sort((a, b) => a.at - b.at);
  }

  /** When fraction `f` of the wait is reached, counting any hold before it. */
  time(f: number): number {
    const shift = this.holdAt !== null && f > this.holdAt ? this.holdMs : 0;
    return Math.round(this.start + f * this.durationMs + shift);
  }

  /**
   * Issues a command at fraction `f` of the wait, after whatever interrupts it before then. A function
   * builds the command from its final time (a hold may have moved it).
   */
  act(f: number, command: Command | ((atMs: number) => Command), actor: Actor): void {
    while (this.pending.length > 0 && this.pending[0]!.at <= f) {
      const next = this.pending.shift()!;
      next.run(this.time(next.at));
    }
    const atMs = this.time(f);
    this.j.walker.act(atMs, typeof command === 'function' ? command(atMs) : command, actor);
  }
}
