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

/** A "nice" axis maximum and tick step for values up to `max`. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return { max: Math.ceil(max / step) * step, step };
}

/** Vertical grid lines and labels along the x axis. */
export function xAxis(scale: { max: number; step: number }, x: (v: number) => number, top: number, bottom: number, unit = ''): string {
  let out = '';
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step)
    out += `<line class="pbe-grid" x1="${n(x(v))}" x2="${n(x(v))}" y1="${top}" y2="${bottom}"/><text class="pbe-axis" x="${n(x(v))}" y="${bottom + 14}" text-anchor="middle">${esc(Math.round(v * 10) / 10)}${unit}</text>`;
  return out;
}
