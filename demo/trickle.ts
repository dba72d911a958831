import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createJourneyReads } from '../app/journeys/journey-reads';
import { createJourneyWorkflows } from '../app/journeys/journey-workflows';
import { newJourneyId } from '../app/journeys/open-journey';
import type { Database } from '../db/schema';
import type { Pathway } from '../domain/vocabulary';
import { createRandom } from '../workload/prng';
import { syntheticPerson } from '../workload/synthetic-person';
import { nextMove } from './next-move';

export interface TrickleOptions {
  db: Kysely<Database>;
  temporal: Client;
  taskQueue: string;
  /** The policy day the trickle's journeys capture: short, so their reminders and escalations fire while you watch. */
  policyDayMs: number;
  /** One action this often. */
  everyMs: number;
  seed: number;
  log: (message: string) => void;
}

const teams = ['north', 'south', 'east', 'west', 'central'];
const pathways: Pathway[] = ['phb', 'phb', 'chc', 'social_care', 'integrated', 'chc_fast_track'];

/**
 * A live trickle of simulated coordinators, people and approvers: every tick it opens a journey or moves
 * one of its open journeys a step on, through the same journey service (and so the same workflows,
 * events and projections) as the API. Returns a stop function.
 */
export function startTrickle(options: TrickleOptions): () => Promise<void> {
  // The workflows themselves, as the use cases drive them: the simulated staff need no access checks.
  const workflows = createJourneyWorkflows({
    db: options.db,
    temporal: options.temporal,
    taskQueue: options.taskQueue,
    commandTimeoutMs: 15_000,
    policyDayMs: options.policyDayMs,
  });
  const reads = createJourneyReads(options.db, options.policyDayMs);
  const random = createRandom(options.seed);
  const open: string[] = [];
  let opened = 0;
  let moves = 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    if (open.length < 20 || random.chance(0.2)) {
      const pathway = random.pick(pathways);
      const team = random.pick(teams);
      const today = new Date().toISOString().slice(0, 10);
      const person = syntheticPerson(random, 900_000 + options.seed * 1000 + opened, pathway, today);
      const journeyId = newJourneyId();
      await workflows.open(
        journeyId,
        { person, pathway, team, referralSource: random.pick(['gp', 'hospital', 'self', 'local_authority']) },
        { sub: `demo-coordinator-${team}`, role: 'coordinator' },
      );
      open.push(journeyId);
      opened += 1;
      return;
    }
    const journeyId = random.pick(open);
    const journey = await reads.view({ journeyId });
    const move = nextMove(journey, random, new Date().toISOString().slice(0, 10));
    if (!move) {
      open.splice(open.indexOf(journeyId), 1);
      return;
    }
    await workflows.command(journeyId, randomUUID(), move.command, move.actor);
    moves += 1;
    if (moves % 25 === 0) options.log(`Demo: ${opened} journeys opened and ${moves} steps taken by the simulated staff and people so far.`);
  }

  let busy = false;
  const timer = setInterval(() => {
    // A step slower than the interval is not queued behind: no backlog to run through, and a stop is prompt.
    if (stopped || busy) return;
    busy = true;
    running = tick()
      .catch((error: Error) => options.log(`Demo step refused: ${error.message}`))
      .finally(() => (busy = false));
  }, options.everyMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
