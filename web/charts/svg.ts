/** Small helpers for server-drawn SVG: escaped text, and an accessible frame (title and description). */

export const esc = (text: string | number): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Rounds coordinates so the markup stays short. */
export const n = (value: number): string => (Math.round(value * 10) / 10).toString();

let chartSeq = 0;

/**
 * An SVG that scales to its container; `role="img"` with a title and description, because the same
 * numbers are in a table beside it for anyone who cannot see it.
 */
export function svgFrame(width: number, height: number, title: string, description: string, body: string): string {
  chartSeq = (chartSeq + 1) % 1_000_000;
  const id = `chart-${chartSeq}`;
  return (
    `<svg class="pbe-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(description)}</desc>${body}</svg>`
  );
}

/** A "nice" axis maximum and tick step for values up to `max`; whole steps for counts. */
export function niceScale(max: number, options: { ticks?: number; whole?: boolean } = {}): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const rough = max / (options.ticks ?? 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const step = options.whole ? Math.max(1, Math.round(nice)) : nice;
  return { max: Math.ceil(max / step) * step, step };
}

/** A tick's label without floating-point noise (0.6000000001 -> 0.6). */
export const tickLabel = (value: number): string => String(Math.round(value * 100) / 100);

/** Vertical grid lines and labels along the x axis. */
export function xAxis(scale: { max: number; step: number }, x: (v: number) => number, top: number, bottom: number, unit = ''): string {
  let out = '';
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step)
    out += `<line class="pbe-grid" x1="${n(x(v))}" x2="${n(x(v))}" y1="${top}" y2="${bottom}"/><text class="pbe-axis" x="${n(x(v))}" y="${bottom + 14}" text-anchor="middle">${tickLabel(v)}${esc(unit)}</text>`;
  return out;
}
