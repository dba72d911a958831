/**
 * Counter tables keep, beside each (team, pathway) row, the same figure summed over every team, every
 * pathway, or both, marked with ALL. A dashboard request then reads one row per cell for any filter,
 * instead of adding up every team's and pathway's rows on every request.
 */
export const ALL = '*';

/** The four (team, pathway) rows a change to one journey's counters adds to. */
export function rollupsOf(team: string, pathway: string): Array<[team: string, pathway: string]> {
  return [
    [team, pathway],
    [team, ALL],
    [ALL, pathway],
    [ALL, ALL],
  ];
}

/** The row that holds a filter's figures: an absent team or pathway reads the ALL rows. */
export function rollupFor(filter: { team?: string; pathway?: string }): { team: string; pathway: string } {
  return { team: filter.team ?? ALL, pathway: filter.pathway ?? ALL };
}
