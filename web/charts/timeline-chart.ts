import { esc, n, niceScale, svgFrame, xAxis } from './svg';

export interface TimelineStage {
  stage: string;
  days: number;
  targetDays: number | null;
  waitingOn: Array<{ party: string; days: number }>;
  breached: boolean;
  leftAt: string | null;
}
export interface ForecastStage {
  stage: string;
  p50Days: number;
  p90Days: number;
}

const label = (stage: string) => stage.replace(/_/g, ' ');
const partyClass = (party: string) => `pbe-party pbe-party-${party.replace(/[^a-z_]/g, '')}`;

/**
 * The journey's timeline: a bar per stage split by who held the ball, a marker at each stage's target,
 * and for the stages still to come a band from the usual (p50) to the slow (p90) length.
 */
export function timelineChart(stages: TimelineStage[], remaining: ForecastStage[]): string {
  const future = remaining.filter((r) => !stages.some((s) => s.stage === r.stage && s.leftAt === null));
  const current = stages.find((s) => s.leftAt === null);
  const currentForecast = remaining.find((r) => current && r.stage === current.stage);
  const rows = stages.length + future.length;
  const max = Math.max(1, ...stages.map((s) => Math.max(s.days, s.targetDays ?? 0)), ...remaining.map((r) => r.p90Days));
  const scale = niceScale(max);
  const [left, right, top, rowHeight] = [130, 620, 10, 30];
  const x = (days: number) => left + ((right - left) * days) / scale.max;
  const bottom = top + rows * rowHeight;
  let body = xAxis(scale, x, top, bottom, '');
  stages.forEach((s, i) => {
    const y = top + i * rowHeight + 6;
    body += `<text class="pbe-label" x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(label(s.stage))}</text>`;
    let at = 0;
    for (const part of s.waitingOn) {
      if (part.days <= 0) continue;
      body += `<rect class="${partyClass(part.party)}" x="${n(x(at))}" y="${y}" width="${n(x(at + part.days) - x(at))}" height="18"><title>${esc(`${part.party}: ${part.days} days`)}</title></rect>`;
      at += part.days;
    }
    if (s.breached) body += `<text class="pbe-breach" x="${n(Math.min(x(Math.max(at, s.days)) + 4, right))}" y="${y + 13}">breached</text>`;
    if (s === current && currentForecast && currentForecast.p90Days > 0)
      body += `<rect class="pbe-band" x="${n(x(s.days))}" y="${y + 4}" width="${n(x(s.days + currentForecast.p90Days) - x(s.days))}" height="10"/>`;
    if (s.targetDays !== null && s.targetDays > 0)
      body += `<line class="pbe-target" x1="${n(x(s.targetDays))}" x2="${n(x(s.targetDays))}" y1="${y - 4}" y2="${y + 22}"/>`;
  });
  future.forEach((r, j) => {
    const y = top + (stages.length + j) * rowHeight + 6;
    body += `<text class="pbe-label pbe-label-future" x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(label(r.stage))}</text>`;
    body += `<rect class="pbe-band" x="${n(x(0))}" y="${y + 4}" width="${n(x(r.p90Days) - x(0))}" height="10"/>`;
    body += `<rect class="pbe-band-usual" x="${n(x(0))}" y="${y + 4}" width="${n(x(r.p50Days) - x(0))}" height="10"/>`;
  });
  body += `<text class="pbe-axis" x="${right}" y="${bottom + 28}" text-anchor="end">days</text>`;
  return svgFrame(
    right + 30,
    bottom + 34,
    'Timeline: days per stage',
    'Each bar is a stage, split by who held the ball; a vertical mark is the target; pale bands show how long the stages still to come usually take. The same numbers are in the table below.',
    body,
  );
}
