import type { FastifyInstance } from 'fastify';
import { audit } from '../../api/audit';
import { commandsAllowed, visibleJourney } from '../access';
import { timelineChart } from '../charts/timeline-chart';
import { commandForms } from '../forms/command-fields';
import { notFoundPage, signedIn } from '../guard';
import { lessonChecklist, nextCommandsByStage, refusedReasons, returnedReasons } from '../journey-summary';
import { mintPersonLink, PERSON_LINK_DAYS } from '../person-link';
import type { WebContext } from '../register-web';

const staff = ['coordinator', 'approver', 'manager', 'admin'] as const;

/** The journey page: stage and ball, the seven lessons, the budget, the timeline, the events, and what to do next. */
export function registerJourneyPageRoutes(app: FastifyInstance, web: WebContext): void {
  async function pageData(journeyId: string) {
    const [journey, timeline, events, person, sent] = await Promise.all([
      web.journeys.get(journeyId),
      web.timeline(journeyId),
      web.journeys.events(journeyId),
      web.db.selectFrom('people').select(['name', 'nhs_number', 'preferences']).where('journey_id', '=', journeyId).executeTakeFirst(),
      web.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('journey_id', '=', journeyId).where('recipient', '=', 'person').executeTakeFirst(),
    ]);
    return { journey, timeline, events, person, messagesToPerson: Number(sent?.n ?? 0) };
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/journeys/:id', async (request, reply) => {
    const principal = signedIn(web, request, reply, staff);
    if (!principal) return reply;
    const ref = await visibleJourney(web.db, principal, request.params.id);
    if (!ref) return notFoundPage(web, request, reply);
    audit(request, ref.journeyId, 'web: read journey page');
    const { journey, timeline, events, person, messagesToPerson } = await pageData(ref.journeyId);
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
      person: person ? { name: person.name, nhsNumber: person.nhs_number, format: (person.preferences as { format?: string }).format ?? 'standard' } : null,
      lessons: lessonChecklist(journey, events, messagesToPerson),
      returned: journey.status === 'open' ? returnedReasons(events) : null,
      refused: journey.closedReason === 'refused' ? refusedReasons(events) : null,
      timeline,
      timelineSvg: timelineChart(timeline.stages, timeline.forecast?.remaining ?? []),
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
    const ref = await visibleJourney(web.db, principal, request.params.id);
    if (!ref) return notFoundPage(web, request, reply);
    audit(request, ref.journeyId, 'web: make personal link');
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
