import { stageTargetDays, type JourneyState } from '../../domain';
import type { JourneyChanges } from './journey-changes';
import { readModel } from './read-model';
import { rollupsOf } from './rollups';
import { counterTable } from './table-declaration';
import type { RowOf } from './table-types';

/**
 * Open journeys counted by where they are, who holds the ball, and the policy day they entered the
 * stage: ages, over target and breached come from these few rows.
 */
const openStageEntriesTable = counterTable({
  name: 'open_stage_entries',
  rows: 'openEntries',
  key: ['team', 'pathway', 'stage', 'waiting_on', 'entered_day', 'target_days'],
  counter: 'journeys',
  // entered_day: policy days since 1970, past 2^31 with demo days of a few ms. target_days: 0 for none.
  columns: {
    team: 'text',
    pathway: 'text',
    stage: 'text',
    waiting_on: 'text',
    entered_day: 'bigint',
    target_days: 'double precision',
    journeys: 'integer',
  },
});

/** Journeys in each stage now (closed included): with the recent daily moves, the flow from any start date. */
const stageTotalsTable = counterTable({
  name: 'stage_totals',
  rows: 'stageTotals',
  key: ['team', 'pathway', 'stage'],
  counter: 'journeys',
  columns: { team: 'text', pathway: 'text', stage: 'text', journeys: 'integer' },
});

/** Stage entries (+1) and exits (-1) per policy day: the cumulative flow is their running sum. */
const dailyStageMovesTable = counterTable({
  name: 'daily_stage_moves',
  rows: 'dailyMoves',
  key: ['day', 'team', 'pathway', 'stage'],
  counter: 'delta',
  columns: { day: 'bigint', team: 'text', pathway: 'text', stage: 'text', delta: 'integer' },
});

type OpenEntryRow = RowOf<typeof openStageEntriesTable>;
type StageTotalRow = RowOf<typeof stageTotalsTable>;
type DailyMoveRow = RowOf<typeof dailyStageMovesTable>;

/** Where an open journey is counted, less its team and pathway; null once it is closed (or not yet opened). */
function openKey(state: JourneyState, policyDayMs: number): string | null {
  if (state.status !== 'open' || !state.stageEnteredAt || !state.team || !state.pathway) return null;
  const enteredDay = Math.floor(Date.parse(state.stageEnteredAt) / policyDayMs);
  return [state.stage, state.waitingOn ?? 'nobody', enteredDay, stageTargetDays(state) ?? 0].join('|');
}

/**
 * Counters for the managers' dashboard, kept up to date as events are appended: open journeys by stage,
 * ball-holder and entry day, stage entries and exits per policy day, and journeys per stage now.
 */
export function createStageCountersProjection(policyDayMs: number) {
  return (changes: readonly JourneyChanges[]) => {
    const open = new Map<string, number>();
    const moves = new Map<string, number>();
    const add = (map: Map<string, number>, key: string, delta: number) => map.set(key, (map.get(key) ?? 0) + delta);
    // Each change counts in its own team and pathway's row and in the rolled-up rows (see rollups.ts).
    const addRolledUp = (map: Map<string, number>, team: string, pathway: string, key: string, delta: number) => {
      for (const [t, p] of rollupsOf(team, pathway)) add(map, `${t}|${p}|${key}`, delta);
    };

    for (const journey of changes) {
      let state = journey.before;
      for (const { event, after: next } of journey.steps) {
        const before = openKey(state, policyDayMs);
        const after = openKey(next, policyDayMs);
        // Team and pathway are fixed when a journey opens, so a journey's before and after rows differ only here.
        if (before !== after) {
          if (before) addRolledUp(open, state.team!, state.pathway!, before, -1);
          if (after) addRolledUp(open, next.team!, next.pathway!, after, 1);
        }
        if (event.type === 'stage_changed' && next.team && next.pathway) {
          const day = Math.floor(Date.parse(event.occurredAt) / policyDayMs);
          if (event.data.from) addRolledUp(moves, next.team, next.pathway, `${event.data.from}|${day}`, -1);
          addRolledUp(moves, next.team, next.pathway, `${event.data.to}|${day}`, 1);
        }
        state = next;
      }
    }

    // Rows in key order: concurrent appends then take the counters' row locks in the same order, never deadlocking.
    const byKey = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);
    const openEntries: OpenEntryRow[] = [...open]
      .sort(byKey)
      .filter(([, delta]) => delta !== 0)
      .map(([key, journeys]) => {
        const [team, pathway, stage, waiting_on, enteredDay, targetDays] = key.split('|') as [
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        return { team, pathway, stage, waiting_on, entered_day: Number(enteredDay), target_days: Number(targetDays), journeys };
      });
    const dailyMoves: DailyMoveRow[] = [...moves]
      .sort(byKey)
      .filter(([, delta]) => delta !== 0)
      .map(([key, delta]) => {
        const [team, pathway, stage, day] = key.split('|') as [string, string, string, string];
        return { day: Number(day), team, pathway, stage, delta };
      });
    // The same moves without their day: how many journeys are in each stage now.
    const totals = new Map<string, number>();
    for (const row of dailyMoves) add(totals, [row.team, row.pathway, row.stage].join('|'), row.delta);
    const stageTotals: StageTotalRow[] = [...totals]
      .sort(byKey)
      .filter(([, delta]) => delta !== 0)
      .map(([key, journeys]) => {
        const [team, pathway, stage] = key.split('|') as [string, string, string];
        return { team, pathway, stage, journeys };
      });
    return { openEntries, stageTotals, dailyMoves };
  };
}

export const stageCountersReadModel = readModel(
  [openStageEntriesTable, stageTotalsTable, dailyStageMovesTable],
  createStageCountersProjection,
);
