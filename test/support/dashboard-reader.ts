import type { Page } from 'playwright-core';

/** The dashboard's figures, as the page shows them or as the analytics API answers them, in one shape. */
export interface DashboardFigures {
  totals: { open: number; overTarget: number; breached: number };
  stages: Record<string, { open: number; p50Days: number | null; p90Days: number | null; overTarget: number; breached: number }>;
  /** Per stage, the parties some journey waits on, and how many. */
  waitingOn: Record<string, Record<string, number>>;
  waiting: Array<{ party: string; totalDays: number; medianDaysPerJourney: number; journeys: number }>;
  reviews: { overdue: number; dueIn28Days: number };
  /** Oldest day first; every stage but closed. */
  flow: Array<{ date: string; counts: Record<string, number> }>;
  stalled: string[];
}

/** Reads the figures off the dashboard's tables (and its total cards). */
export async function readDashboard(page: Page): Promise<DashboardFigures> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: any }).document;
    const all = (root: any, selector: string): any[] => Array.from(root.querySelectorAll(selector));
    const num = (root: any, selector: string) => Number(root.querySelector(selector).textContent.trim().split(/\s/)[0]);
    const maybe = (root: any, selector: string) => (root.querySelector(selector).textContent.trim() === '-' ? null : num(root, selector));
    const stages: Record<string, any> = {};
    for (const row of all(doc, '#stages-table tbody tr'))
      stages[row.dataset.stage] = {
        open: num(row, '.pbe-open'),
        p50Days: maybe(row, '.pbe-p50'),
        p90Days: maybe(row, '.pbe-p90'),
        overTarget: num(row, '.pbe-over'),
        breached: num(row, '.pbe-breached'),
      };
    const parties = all(doc, '#split-table thead th[data-party]').map((th) => th.dataset.party as string);
    const waitingOn: Record<string, Record<string, number>> = {};
    for (const row of all(doc, '#split-table tbody tr')) {
      const cells = all(row, 'td').map((td) => Number(td.textContent.trim().split(/\s/)[0]));
      waitingOn[row.dataset.stage] = Object.fromEntries(parties.map((party, i) => [party, cells[i]]).filter(([, n]) => n !== 0));
    }
    const flowStages = all(doc, '#flow-table thead th[data-stage]').map((th) => th.dataset.stage as string);
    const flow = all(doc, '#flow-table tbody tr')
      .map((row) => ({
        date: row.dataset.date as string,
        counts: Object.fromEntries(all(row, 'td').map((td, i) => [flowStages[i], Number(td.textContent)])),
      }))
      .reverse();
    return {
      totals: { open: num(doc, '#total-open'), overTarget: num(doc, '#total-over'), breached: num(doc, '#total-breached') },
      stages,
      waitingOn,
      waiting: all(doc, '#waiting-table tbody tr').map((row) => ({
        party: row.dataset.party,
        totalDays: num(row, '.pbe-total'),
        medianDaysPerJourney: num(row, '.pbe-median'),
        journeys: num(row, '.pbe-journeys'),
      })),
      reviews: { overdue: num(doc, '#reviews-overdue'), dueIn28Days: num(doc, '#reviews-due') },
      flow,
      stalled: all(doc, '#stalled-table tbody tr').map((row) => row.dataset.journey as string),
    };
  });
}

/** The analytics API's answers (stages, waiting, reviews, flow, stalled) in the dashboard's shape. */
export function figuresFromApi(api: { stages: any; waiting: any; reviews: any; flow: any; stalled: any }): DashboardFigures {
  const open = api.stages.stages as Array<{
    stage: string;
    open: number;
    waitingOn: Record<string, number>;
    p50Days: number | null;
    p90Days: number | null;
    overTarget: number;
    breached: number;
  }>;
  const sum = (pick: (s: (typeof open)[number]) => number) => open.reduce((n, s) => n + pick(s), 0);
  return {
    totals: { open: sum((s) => s.open), overTarget: sum((s) => s.overTarget), breached: sum((s) => s.breached) },
    stages: Object.fromEntries(
      open.map((s) => [s.stage, { open: s.open, p50Days: s.p50Days, p90Days: s.p90Days, overTarget: s.overTarget, breached: s.breached }]),
    ),
    // Who holds the ball: active journeys wait on nobody, which the page does not count as a party.
    waitingOn: Object.fromEntries(
      open.map((s) => [s.stage, Object.fromEntries(Object.entries(s.waitingOn).filter(([party, n]) => n !== 0 && party !== 'nobody'))]),
    ),
    waiting: api.waiting.parties,
    reviews: { overdue: api.reviews.overdue, dueIn28Days: api.reviews.dueIn28Days },
    flow: (api.flow.days as Array<{ date: string; counts: Record<string, number> }>).map((d) => ({
      date: d.date,
      counts: Object.fromEntries(Object.entries(d.counts).filter(([stage]) => stage !== 'closed')),
    })),
    stalled: (api.stalled.journeys as Array<{ journeyId: string }>).map((j) => j.journeyId),
  };
}

/** A bar of a bar chart: what its title says, and the value its width draws on the chart's axis. */
export interface DrawnBar {
  label: string;
  name: string;
  value: number;
  drawn: number;
  /** How far `drawn` may be from `value`, coordinates being rounded to 0.1 px. */
  tolerance: number;
}

/** Every segment of the bar chart in `#figureId`, read from its SVG. */
export async function readBarChart(page: Page, figureId: string): Promise<DrawnBar[]> {
  const raw = await page.evaluate((id) => {
    const svg = (globalThis as unknown as { document: any }).document.querySelector(`#${id} svg`);
    const ticks = Array.from(svg.querySelectorAll('line.pbe-grid')).map((line: any) => ({
      at: Number(line.getAttribute('x1')),
      value: Number(line.nextElementSibling.textContent),
    }));
    const rects = Array.from(svg.querySelectorAll('rect')).filter((r: any) => r.querySelector('title'));
    return {
      ticks,
      bars: rects.map((r: any) => ({ title: r.querySelector('title').textContent as string, width: Number(r.getAttribute('width')) })),
    };
  }, figureId);
  const axis = measuredAxis(raw.ticks);
  return raw.bars.map(({ title, width }) => {
    const [, label, name, value] = /^(.*?), (.*): (-?[\d.]+)$/.exec(title) ?? [];
    if (value === undefined) throw new Error(`a bar's title says no value: ${title}`);
    return { label: label!, name: name!, value: Number(value), drawn: width / axis.pxPerUnit, tolerance: axis.tolerance(Number(value)) };
  });
}

/**
 * The scale of an axis from its first and last ticks, and how far a length measured on it may be off:
 * every coordinate is rounded to 0.1 px, so a length by up to 0.1 px, and the scale by 0.1 px over the span.
 */
function measuredAxis(ticks: Array<{ at: number; value: number }>) {
  const [first, last] = [ticks[0]!, ticks.at(-1)!];
  const spanPx = Math.abs(last.at - first.at);
  const pxPerUnit = spanPx / (last.value - first.value);
  return { pxPerUnit, tolerance: (value: number) => 0.1 / pxPerUnit + (Math.abs(value) * 0.1) / spanPx + 1e-9 };
}

/** The cumulative flow chart's bands, measured: for each stage, its count on each day (oldest first). */
export async function readFlowChart(
  page: Page,
  figureId: string,
): Promise<{ counts: Record<string, number[]>; tolerance: (count: number) => number }> {
  const raw = await page.evaluate((id) => {
    const svg = (globalThis as unknown as { document: any }).document.querySelector(`#${id} svg`);
    const ticks = Array.from(svg.querySelectorAll('line.pbe-grid')).map((line: any) => ({
      at: Number(line.getAttribute('y1')),
      value: Number(line.nextElementSibling.textContent),
    }));
    const bands = Array.from(svg.querySelectorAll('polygon.pbe-stage')).map((p: any) => ({
      stage: (p.getAttribute('class') as string).replace(/.*pbe-stage-/, ''),
      ys: (p.getAttribute('points') as string).split(' ').map((point) => Number(point.split(',')[1])),
    }));
    return { ticks, bands };
  }, figureId);
  const axis = measuredAxis(raw.ticks);
  const counts: Record<string, number[]> = {};
  for (const { stage, ys } of raw.bands) {
    // The band's upper edge day by day, then its lower edge back again.
    const days = ys.length / 2;
    counts[stage] = Array.from({ length: days }, (_, i) => (ys[ys.length - 1 - i]! - ys[i]!) / axis.pxPerUnit);
  }
  return { counts, tolerance: axis.tolerance };
}
