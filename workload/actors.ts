import type { Actor } from '../domain/vocabulary';
import type { Random } from './prng';

export const teams = ['north', 'south', 'east', 'west', 'central'] as const;
export type Team = (typeof teams)[number];

const coordinatorsPerTeam = 20;
const approversPerTeam = 2;

/** The workflow acts on its own timers as this actor (workflows/journey-workflow.ts uses the same). */
export const systemActor: Actor = { sub: 'journey-engine', role: 'system' };

/** Staff of one team; ids are numbered across teams so that `coord-17` belongs to one team only. */
export function teamStaff(team: Team) {
  const t = teams.indexOf(team);
  return {
    coordinator: (random: Random): Actor => ({
      sub: `coord-${t * coordinatorsPerTeam + random.int(1, coordinatorsPerTeam)}`,
      role: 'coordinator',
    }),
    approver: (random: Random): Actor => ({ sub: `lead-${t * approversPerTeam + random.int(1, approversPerTeam)}`, role: 'approver' }),
    manager: (): Actor => ({ sub: `mgr-${t + 1}`, role: 'manager' }),
  };
}

/** The person acting for themselves (through the portal); an opaque subject, never their name. */
export function personActor(journeyId: string): Actor {
  return { sub: `person-${journeyId.slice(0, 8)}`, role: 'person' };
}
