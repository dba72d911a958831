import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Application } from '../app/application';
import { parseInput } from '../app/errors';
import { JourneyListQuery } from '../app/journeys/journey-list';
import { callerOf } from '../http/request-context';

/** The `{id}` of the journey routes: an opaque id, never long. */
export const JourneyParams = z.object({ id: z.string().min(1).max(100) });
const LinkParams = JourneyParams.extend({ linkId: z.uuid('must be a personal link id') });

const idempotencyKey = (request: FastifyRequest): string | undefined => {
  const value = request.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
};

/** The journey routes of api.md: each parses its request and hands it to a use case. */
export function registerJourneyRoutes(app: FastifyInstance, application: Application): void {
  const { journeys } = application;

  app.post('/api/journeys', async (request, reply) => {
    const journey = await journeys.open(callerOf(request), request.body, { idempotencyKey: idempotencyKey(request) });
    return reply.status(201).send(journey);
  });

  app.get('/api/journeys', async (request) => {
    const caller = callerOf(request);
    const page = await journeys.list(caller, parseInput(JourneyListQuery, request.query));
    caller.audit(
      page.journeys.map((j) => j.journeyId),
      'list journeys',
    );
    return page;
  });

  /** A read of one journey: validated id, audited, and a 404 for a journey the caller may not see. */
  const read = <T>(
    path: string,
    action: string,
    answer: (journey: Awaited<ReturnType<typeof journeys.visible>>, caller: ReturnType<typeof callerOf>) => Promise<T>,
  ) =>
    app.get(path, async (request) => {
      const { id } = parseInput(JourneyParams, request.params);
      const caller = callerOf(request);
      return answer(await journeys.visible(caller, id, action), caller);
    });

  read('/api/journeys/:id', 'read journey', (journey) => journeys.view(journey));
  read('/api/journeys/:id/events', 'read events', async (journey) => ({
    journeyId: journey.journeyId,
    events: await journeys.events(journey),
  }));
  read('/api/journeys/:id/timeline', 'read timeline', (journey) => application.timeline(journey));
  read('/api/journeys/:id/next-steps', 'read next steps', (journey) => application.nextSteps(journey));
  read('/api/journeys/:id/actions', 'read actions', (journey, caller) => journeys.actions(caller.principal, journey));
  read('/api/journeys/:id/notifications', 'read notifications', async (journey) => ({
    journeyId: journey.journeyId,
    notifications: await journeys.notifications(journey),
  }));

  app.get('/api/journeys/:id/audit', async (request) => {
    const { id } = parseInput(JourneyParams, request.params);
    return application.auditTrail(callerOf(request), id, request.query);
  });

  app.post('/api/journeys/:id/person-links', async (request, reply) => {
    const { id } = parseInput(JourneyParams, request.params);
    return reply.status(201).send(await application.personLinks.make(callerOf(request), id));
  });
  app.get('/api/journeys/:id/person-links', async (request) => {
    const { id } = parseInput(JourneyParams, request.params);
    return { journeyId: id, links: await application.personLinks.list(callerOf(request), id) };
  });
  app.delete('/api/journeys/:id/person-links/:linkId', async (request) => {
    const { id, linkId } = parseInput(LinkParams, request.params);
    return application.personLinks.revoke(callerOf(request), id, linkId);
  });

  app.post('/api/journeys/:id/commands', async (request) => {
    const { id } = parseInput(JourneyParams, request.params);
    return journeys.sendCommand(callerOf(request), id, request.body, { idempotencyKey: idempotencyKey(request) });
  });
}
