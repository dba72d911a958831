import type { FastifyInstance } from 'fastify';
import type { VisibleJourney } from '../../app/access';
import { commandsAllowed } from '../../app/access';
import type { Caller } from '../../app/caller';
import { callerOf } from '../../http/request-context';
import { timelineChart } from '../charts/timeline-chart';
import { commandForms } from '../forms/command-fields';
import { notFoundPage, signedIn, visibleOrNull } from '../guard';
import { lessonChecklist, nextCommandsByStage, refusedReasons, returnedReasons } from '../journey-page-model';
import type { WebContext } from '../web-context';

const staff = ['coordinator', 'approver', 'manager', 'admin'] as const;

/** The journey page: stage and ball, the seven lessons, the budget, the timeline, the events, and what to do next. */
export function registerJourneyPageRoutes(app: FastifyInstance, web: WebContext): void {
  const { journeys, people, timeline, personLinks } = web.application;
  async function pageData(ref: VisibleJourney, caller: Caller) {
    const mayKeepLinks = ['coordinator', 'manager', 'admin'].includes(caller.principal.role);
    const [journey, timelineNow, events, person, messagesToPerson, links] = await Promise.all([
      journeys.view(ref),
      timeline(ref),
      journeys.events(ref),
      people.ofJourney(ref),
      people.messagesSentTo(ref),
      // Listing them is not a read of its own on the trail: the page's read is.
      mayKeepLinks ? personLinks.list({ ...caller, audit: () => undefined }, ref.journeyId) : [],
    ]);
    return { journey, timeline: timelineNow, events, person, messagesToPerson, links };
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/journeys/:id', async (request, reply) => {
    const principal = signedIn(web, request, reply, staff);
    if (!principal) return reply;
    const caller = callerOf(request);
    const ref = await visibleOrNull(web, caller, request.params.id, 'web: read journey page');
    if (!ref) return notFoundPage(web, request, reply);
    const { journey, timeline: journeyTimeline, events, person, messagesToPerson, links } = await pageData(ref, caller);
    const allowed = journey.status === 'open' ? commandsAllowed(principal, ref) : [];
    const suggested = (nextCommandsByStage[journey.stage] ?? []).filter((type) => allowed.includes(type));
    const others = allowed.filter((type) => !suggested.includes(type) && !(journey.onHold ? type === 'put_on_hold' : type === 'resume'));
    const action = (type: (typeof allowed)[number]) => ({
      type,
      title: commandForms[type].title,
      href: `/journeys/${journey.journeyId}/do/${type}`,
    });
    const done =
      request.query.done && Object.hasOwn(commandForms, request.query.done)
        ? commandForms[request.query.done as keyof typeof commandForms].title
        : null;
    return web.render(reply, 'journey.njk', {
      principal,
      csrf: request.session?.csrf,
      title: `Journey ${journey.journeyId.slice(0, 8)}`,
      journey,
      person,
      lessons: lessonChecklist(journey, events, messagesToPerson),
      returned: journey.status === 'open' ? returnedReasons(events) : null,
      refused: journey.closedReason === 'refused' ? refusedReasons(events) : null,
      timeline: journeyTimeline,
      timelineSvg: timelineChart(journeyTimeline.stages, journeyTimeline.forecast?.remaining ?? []),
      events: [...events].reverse().slice(0, 100),
      eventCount: events.length,
      suggested: suggested.map(action),
      others: others.map(action),
      canLink: principal.role === 'coordinator' && journey.status === 'open',
      links,
      done,
    });
  });

  /** A coordinator makes a personal link for the person, to send them by their preferred channel: shown once. */
  app.post<{ Params: { id: string } }>('/journeys/:id/person-link', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator']);
    if (!principal) return reply;
    const caller = callerOf(request);
    const ref = await visibleOrNull(web, caller, request.params.id, null);
    if (!ref) return notFoundPage(web, request, reply);
    const made = await personLinks.make(caller, ref.journeyId);
    return web.render(reply, 'person-link.njk', {
      principal,
      title: 'Personal link',
      back: { href: `/journeys/${ref.journeyId}`, text: 'Back to the journey' },
      link: made.url,
      expiresAt: made.expiresAt,
    });
  });

  /** A link revoked at once (gone astray, or the person's session must end): back to the journey page. */
  app.post<{ Params: { id: string; linkId: string } }>('/journeys/:id/person-links/:linkId/revoke', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator', 'manager', 'admin']);
    if (!principal) return reply;
    const caller = callerOf(request);
    const ref = await visibleOrNull(web, caller, request.params.id, null);
    if (!ref || !/^[0-9a-f-]{36}$/.test(request.params.linkId)) return notFoundPage(web, request, reply);
    await personLinks.revoke(caller, ref.journeyId, request.params.linkId);
    return reply.redirect(`/journeys/${ref.journeyId}`, 303);
  });
}
