import { esc, n, niceScale, svgFrame, tickLabel } from './svg';

export interface FlowDay {
  date: string;
  counts: Record<string, number>;
}

/**
 * Cumulative flow: for each day, the open journeys stacked by stage (earliest stage at the top), so a
 * widening band is a stage where work piles up.
 */
export function flowChart(days: FlowDay[], stages: string[]): string {
  const [left, right, top, bottom] = [50, 560, 10, 230];
  const totals = days.map((d) => stages.reduce((sum, s) => sum + Math.max(0, d.counts[s] ?? 0), 0));
  const scale = niceScale(Math.max(1, ...totals), { whole: true });
  const x = (i: number) => left + ((right - left) * i) / Math.max(1, days.length - 1);
  const y = (v: number) => bottom - ((bottom - top) * v) / scale.max;
  let body = '';
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step)
    body += `<line class="pbe-grid" x1="${left}" x2="${right}" y1="${n(y(v))}" y2="${n(y(v))}"/><text class="pbe-axis" x="${left - 4}" y="${n(y(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`;
  // Bands from the last stage (bottom) to the first (top).
  const below = days.map(() => 0);
  [...stages].reverse().forEach((stage) => {
    const upper = days.map((d, i) => below[i]! + Math.max(0, d.counts[stage] ?? 0));
    const points = [...upper.map((v, i) => `${n(x(i))},${n(y(v))}`), ...below.map((v, i) => `${n(x(i))},${n(y(v))}`).reverse()].join(' ');
    body += `<polygon class="pbe-stage pbe-stage-${stage}" points="${points}"><title>${esc(stage.replace(/_/g, ' '))}</title></polygon>`;
    upper.forEach((v, i) => (below[i] = v));
  });
  if (days.length > 0) {
    body += `<text class="pbe-axis" x="${left}" y="${bottom + 16}">${esc(days[0]!.date.slice(0, 10))}</text>`;
    body += `<text class="pbe-axis" x="${right}" y="${bottom + 16}" text-anchor="end">${esc(days.at(-1)!.date.slice(0, 10))}</text>`;
  }
  const legend = stages
    .map(
      (stage, i) =>
        `<rect class="pbe-stage pbe-stage-${stage}" x="${right + 14}" y="${top + i * 18}" width="12" height="12"/><text class="pbe-label" x="${right + 30}" y="${top + i * 18 + 10}">${esc(stage.replace(/_/g, ' '))}</text>`,
    )
    .join('');
  return svgFrame(
    right + 140,
    bottom + 24,
    'Cumulative flow: open journeys per stage, day by day',
    'Stacked bands, one per stage; the table below has the counts for each day.',
    body + legend,
  );
}
