import { stageTargetDays, type JourneyState } from '../../domain';
import type { JourneyProjection } from './journey-changes';
import { rollupsOf } from './rollups';

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
export function createStageCountersProjection(policyDayMs: number): JourneyProjection {
  return async (tx, changes) => {
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
    const openRows = [...open].sort(byKey).filter(([, delta]) => delta !== 0).map(([key, journeys]) => {
      const [team, pathway, stage, waiting_on, enteredDay, targetDays] = key.split('|') as [string, string, string, string, string, string];
      return { team, pathway, stage, waiting_on, entered_day: Number(enteredDay), target_days: Number(targetDays), journeys };
    });
    if (openRows.length > 0) {
      const counted = await tx
        .insertInto('open_stage_entries')
        .values(openRows)
        .onConflict((oc) =>
          oc
            .columns(['team', 'pathway', 'stage', 'waiting_on', 'entered_day', 'target_days'])
            .doUpdateSet((eb) => ({ journeys: eb('open_stage_entries.journeys', '+', eb.ref('excluded.journeys')) })),
        )
        .returningAll()
        .execute();
      // A counter that reaches zero goes, so live tables and rebuilt ones hold the same rows.
      for (const row of counted.filter((r) => r.journeys === 0))
        await tx
          .deleteFrom('open_stage_entries')
          .where('team', '=', row.team)
          .where('pathway', '=', row.pathway)
          .where('stage', '=', row.stage)
          .where('waiting_on', '=', row.waiting_on)
          .where('entered_day', '=', row.entered_day)
          .where('target_days', '=', row.target_days)
          .where('journeys', '=', 0)
          .execute();
    }
    const moveRows = [...moves].sort(byKey).filter(([, delta]) => delta !== 0).map(([key, delta]) => {
      const [team, pathway, stage, day] = key.split('|') as [string, string, string, string];
      return { day: Number(day), team, pathway, stage, delta };
    });
    // The same moves without their day: how many journeys are in each stage now.
    const totals = new Map<string, number>();
    for (const row of moveRows) add(totals, [row.team, row.pathway, row.stage].join('|'), row.delta);
    const totalRows = [...totals].sort(byKey).filter(([, delta]) => delta !== 0).map(([key, journeys]) => {
      const [team, pathway, stage] = key.split('|') as [string, string, string];
      return { team, pathway, stage, journeys };
    });
    if (totalRows.length > 0) {
      const counted = await tx
        .insertInto('stage_totals')
        .values(totalRows)
        .onConflict((oc) => oc.columns(['team', 'pathway', 'stage']).doUpdateSet((eb) => ({ journeys: eb('stage_totals.journeys', '+', eb.ref('excluded.journeys')) })))
        .returningAll()
        .execute();
      for (const row of counted.filter((r) => r.journeys === 0))
        await tx.deleteFrom('stage_totals').where('team', '=', row.team).where('pathway', '=', row.pathway).where('stage', '=', row.stage).where('journeys', '=', 0).execute();
    }
    if (moveRows.length > 0) {
      const moved = await tx
        .insertInto('daily_stage_moves')
        .values(moveRows)
        .onConflict((oc) => oc.columns(['day', 'team', 'pathway', 'stage']).doUpdateSet((eb) => ({ delta: eb('daily_stage_moves.delta', '+', eb.ref('excluded.delta')) })))
        .returningAll()
        .execute();
      for (const row of moved.filter((r) => r.delta === 0))
        await tx
          .deleteFrom('daily_stage_moves')
          .where('day', '=', row.day)
          .where('team', '=', row.team)
          .where('pathway', '=', row.pathway)
          .where('stage', '=', row.stage)
          .where('delta', '=', 0)
          .execute();
    }
  };
}
