import type { FastifyInstance } from 'fastify';
import type { VisibleJourney } from '../../app/access';
import { commandsAllowed } from '../../app/access';
import { callerOf } from '../../http/request-context';
import { timelineChart } from '../charts/timeline-chart';
import { commandForms } from '../forms/command-fields';
import { notFoundPage, signedIn, visibleOrNull } from '../guard';
import { lessonChecklist, nextCommandsByStage, refusedReasons, returnedReasons } from '../journey-page-model';
import { mintPersonLink, PERSON_LINK_DAYS } from '../person-link';
import type { WebContext } from '../web-context';

const staff = ['coordinator', 'approver', 'manager', 'admin'] as const;

/** The journey page: stage and ball, the seven lessons, the budget, the timeline, the events, and what to do next. */
export function registerJourneyPageRoutes(app: FastifyInstance, web: WebContext): void {
  const { journeys, people, timeline } = web.application;
  async function pageData(ref: VisibleJourney) {
    const [journey, timelineNow, events, person, messagesToPerson] = await Promise.all([
      journeys.view(ref),
      timeline(ref),
      journeys.events(ref),
      people.ofJourney(ref),
      people.messagesSentTo(ref),
    ]);
    return { journey, timeline: timelineNow, events, person, messagesToPerson };
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/journeys/:id', async (request, reply) => {
    const principal = signedIn(web, request, reply, staff);
    if (!principal) return reply;
    const ref = await visibleOrNull(web, callerOf(request), request.params.id, 'web: read journey page');
    if (!ref) return notFoundPage(web, request, reply);
    const { journey, timeline: journeyTimeline, events, person, messagesToPerson } = await pageData(ref);
    const allowed = journey.status === 'open' ? commandsAllowed(principal, ref) : [];
    const suggested = (nextCommandsByStage[journey.stage] ?? []).filter((type) => allowed.includes(type));
    const others = allowed.filter((type) => !suggested.includes(type) && !(journey.onHold ? type === 'put_on_hold' : type === 'resume'));
    const action = (type: (typeof allowed)[number]) => ({ type, title: commandForms[type].title, href: `/journeys/${journey.journeyId}/do/${type}` });
    const done = request.query.done && Object.hasOwn(commandForms, request.query.done) ? commandForms[request.query.done as keyof typeof commandForms].title : null;
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
      done,
    });
  });

  /** A coordinator makes a personal link for the person, to send them by their preferred channel. */
  app.post<{ Params: { id: string } }>('/journeys/:id/person-link', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator']);
    if (!principal) return reply;
    const ref = await visibleOrNull(web, callerOf(request), request.params.id, 'web: make personal link');
    if (!ref) return notFoundPage(web, request, reply);
    const token = await mintPersonLink(web.authSecret, ref.journeyId);
    const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return web.render(reply, 'person-link.njk', {
      principal,
      title: 'Personal link',
      back: { href: `/journeys/${ref.journeyId}`, text: 'Back to the journey' },
      link: `${origin}/p?t=${token}`,
      days: PERSON_LINK_DAYS,
    });
  });
}
