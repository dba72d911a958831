import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { JourneyListQuery } from '../../app/journeys/journey-list';
import { Pathway, parties } from '../../domain/vocabulary';
import { callerOf } from '../../http/request-context';
import { barChart } from '../charts/bar-chart';
import { flowChart } from '../charts/flow-chart';
import { signedIn } from '../guard';
import type { WebContext } from '../web-context';

const Filter = z.object({
  refresh: z.coerce.number().int().min(5).max(600).optional().catch(undefined),
  team: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  pathway: z
    .union([Pathway, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});
const FLOW_DAYS = 90;
const managers = ['manager', 'admin'] as const;

const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
};

/** The managers' dashboard, every chart with its numbers in a table, and the drill-down to journeys. */
export function registerDashboardRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/dashboard', async (request, reply) => {
    const principal = signedIn(web, request, reply, managers);
    if (!principal) return reply;
    const parsed = Filter.safeParse(request.query);
    const { refresh, ...filter }: { team?: string; pathway?: string; refresh?: number } = parsed.success ? parsed.data : {};
    const now = new Date();
    const from = new Date(now.getTime() - FLOW_DAYS * web.application.policyDayMs);
    const { analytics } = web.application;
    const [stages, stalled, flow, waiting, reviews, teams] = await Promise.all([
      analytics.all.stages(filter, now),
      analytics.all.stalled(filter, 20, now),
      analytics.all.flow(filter, from, now),
      analytics.all.waiting(filter, from, now, now),
      analytics.all.reviews(filter, 10, now),
      analytics.teams(),
    ]);
    // The stalled and reviews lists name journeys: each one shown is a read of it.
    callerOf(request).audit(
      [...new Set([...stalled.journeys, ...reviews.overdueJourneys, ...reviews.dueJourneys].map((j) => j.journeyId))],
      'web: dashboard lists',
    );
    const link = (extra: Record<string, string | undefined>) => `/dashboard/journeys${query({ team: filter.team, ...extra })}`;
    const stageRows = stages.stages.map((s) => ({
      ...s,
      link: link({ stage: s.stage }),
      stalledLink: link({ stage: s.stage, stalled: 'true' }),
      parties: parties
        .filter((p) => (s.waitingOn[p] ?? 0) > 0)
        .map((p) => ({ party: p, count: s.waitingOn[p], link: link({ stage: s.stage, waitingOn: p }) })),
    }));
    const openStages = stageRows;
    const stagesSvg = barChart(
      openStages.map((s) => ({
        label: s.stage.replace(/_/g, ' '),
        parts: [
          { value: s.open - s.overTarget, className: 'pbe-ok', name: 'Within target' },
          { value: s.overTarget - s.breached, className: 'pbe-over', name: 'Over target' },
          { value: s.breached, className: 'pbe-breached', name: 'Breached (2 x target)' },
        ],
      })),
      'Open journeys per stage',
      'Each bar is a stage: within target, over target, and breached. The table below has the numbers.',
      { whole: true },
    );
    const partiesSeen = parties.filter((p) => openStages.some((s) => (s.waitingOn[p] ?? 0) > 0));
    const splitSvg = barChart(
      openStages.map((s) => ({
        label: s.stage.replace(/_/g, ' '),
        parts: partiesSeen.map((p) => ({ value: s.waitingOn[p] ?? 0, className: `pbe-party pbe-party-${p}`, name: p })),
      })),
      'Who holds the ball, per stage',
      'Each bar is a stage, split by the party the journeys wait on. The table below has the numbers.',
      { whole: true },
    );
    const waitingSvg = barChart(
      waiting.parties.map((p) => ({
        label: p.party,
        parts: [{ value: p.medianDaysPerJourney, className: `pbe-party pbe-party-${p.party}`, name: 'Median days per journey' }],
      })),
      `Waiting time by party, last ${FLOW_DAYS} days`,
      'Median days each journey waited on each party. The table below has the totals too.',
    );
    const flowStages = flow.stages.filter((s) => s !== 'closed');
    return web.render(reply, 'dashboard.njk', {
      principal,
      title: 'Dashboard',
      // A wall display reloads itself (no script needed): /dashboard?refresh=15.
      refreshSeconds: refresh,
      filter,
      teams,
      pathways: Pathway.options,
      asOf: stages.asOf,
      totals: {
        open: openStages.reduce((n, s) => n + s.open, 0),
        overTarget: openStages.reduce((n, s) => n + s.overTarget, 0),
        breached: openStages.reduce((n, s) => n + s.breached, 0),
      },
      stageRows: openStages,
      partiesSeen,
      stagesSvg,
      splitSvg,
      waiting,
      waitingSvg,
      flowSvg: flowChart(flow.days, flowStages),
      flowStages,
      flowDays: [...flow.days].reverse(),
      reviews,
      stalled: stalled.journeys,
      links: { stalled: link({ stalled: 'true' }), overdue: link({ reviewOverdue: 'true' }) },
      flowDaysCount: FLOW_DAYS,
    });
  });

  /** Drill-down: the journeys behind a figure, newest first, a page at a time. */
  app.get('/dashboard/journeys', async (request, reply) => {
    const principal = signedIn(web, request, reply, managers);
    if (!principal) return reply;
    const raw = Object.fromEntries(Object.entries(request.query as Record<string, string>).filter(([, v]) => v !== ''));
    const parsed = JourneyListQuery.safeParse({ status: 'open', limit: '50', ...raw });
    if (!parsed.success)
      return web.render(
        reply,
        'message.njk',
        {
          principal,
          title: 'Those filters are not valid',
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        },
        400,
      );
    const caller = callerOf(request);
    const page = await web.application.journeys.list(caller, parsed.data);
    const ids = page.journeys.map((j) => j.journeyId);
    caller.audit(ids, 'web: list journeys');
    const nameOf = await web.application.people.namesOf(ids);
    const { cursor: _cursor, ...rest } = raw;
    return web.render(reply, 'drill-down.njk', {
      principal,
      title: 'Journeys',
      back: { href: `/dashboard${query({ team: parsed.data.team })}`, text: 'Back to the dashboard' },
      filters: Object.entries(parsed.data).filter(([k, v]) => v !== undefined && k !== 'limit' && k !== 'cursor'),
      journeys: page.journeys.map((j) => ({ ...j, name: nameOf.get(j.journeyId) ?? j.journeyId.slice(0, 8) })),
      next: page.nextCursor ? `/dashboard/journeys${query({ ...rest, cursor: page.nextCursor })}` : null,
    });
  });
}
