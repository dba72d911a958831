import { esc, n, niceScale, svgFrame, xAxis } from './svg';

export interface BarRow {
  label: string;
  /** Stacked segments, each drawn with its class. */
  parts: Array<{ value: number; className: string; name: string }>;
}

/** Horizontal stacked bars with a legend; the caller puts the same numbers in a table. */
export function barChart(rows: BarRow[], title: string, description: string, options: { unit?: string; whole?: boolean } = {}): string {
  const unit = options.unit ?? '';
  const [left, right, top, rowHeight] = [150, 560, 10, 26];
  const scale = niceScale(Math.max(1, ...rows.map((r) => r.parts.reduce((sum, p) => sum + Math.max(0, p.value), 0))), {
    whole: options.whole,
  });
  const x = (v: number) => left + ((right - left) * v) / scale.max;
  const bottom = top + rows.length * rowHeight;
  let body = xAxis(scale, x, top, bottom, unit);
  rows.forEach((row, i) => {
    const y = top + i * rowHeight + 5;
    body += `<text class="pbe-label" x="${left - 6}" y="${y + 12}" text-anchor="end">${esc(row.label)}</text>`;
    let at = 0;
    for (const part of row.parts) {
      if (part.value <= 0) continue;
      body += `<rect class="${esc(part.className)}" x="${n(x(at))}" y="${y}" width="${n(x(at + part.value) - x(at))}" height="16"><title>${esc(`${row.label}, ${part.name}: ${part.value}${unit}`)}</title></rect>`;
      at += part.value;
    }
  });
  const names = [...new Map(rows.flatMap((r) => r.parts.map((p) => [p.name, p.className] as const))).entries()];
  const legend = names
    .map(
      ([name, className], i) =>
        `<rect class="${esc(className)}" x="${left + i * 130}" y="${bottom + 24}" width="12" height="12"/><text class="pbe-label" x="${left + i * 130 + 16}" y="${bottom + 34}">${esc(name)}</text>`,
    )
    .join('');
  return svgFrame(right + 30, bottom + 44, title, description, body + legend);
}
