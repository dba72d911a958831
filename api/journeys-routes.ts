import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { commandRoles, JourneyCommand } from '../domain';
import type { Database } from '../db/schema';
import { journeyScope, mayOpenJourney, visibleJourney } from './access';
import { audit } from './audit';
import { requireRole, type Principal } from './auth';
import { HttpError, issuesOf, parseOr400 } from './http-error';
import { idempotencyScope, runIdempotently } from './idempotency';
import { JourneyListQuery, listJourneys } from './journey-list';
import { newJourneyId, type JourneyService } from './journey-service';
import type { createNextStepsService } from './next-steps-service';
import type { createTimelineService } from './timeline-service';

type TimelineService = ReturnType<typeof createTimelineService>;
type NextStepsService = ReturnType<typeof createNextStepsService>;
import { CommandOptions, JourneyParams, OpenJourneyRequest } from './schemas';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

const idempotencyKey = (request: FastifyRequest): string | undefined => {
  const value = request.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
};

const actorOf = (principal: Principal) => ({ sub: principal.sub, role: principal.role });

/** The journey routes of api.md; each validates, authorises and hands over to the journey service. */
export function registerJourneyRoutes(
  app: FastifyInstance,
  db: Kysely<Database>,
  journeys: JourneyService,
  timeline: TimelineService,
  nextSteps: NextStepsService,
  policyDayMs: number,
): void {
  app.post('/api/journeys', async (request, reply) => {
    requireRole(request.principal, ['coordinator', 'manager', 'admin'], 'open journeys');
    const body = parseOr400(OpenJourneyRequest, request.body);
    if (!mayOpenJourney(request.principal, body.team))
      throw new HttpError(403, 'forbidden', 'You may open journeys only for your own teams.', [{ path: 'team', message: 'is not one of your teams' }]);
    const answer = await runIdempotently(db, idempotencyScope(request.principal, 'POST /api/journeys'), idempotencyKey(request), request.body, newJourneyId, async (journeyId) => ({
      status: 201,
      body: await journeys.open(journeyId, body, actorOf(request.principal)),
    }));
    const opened = (answer.body as { journeyId?: string } | null)?.journeyId;
    if (opened) audit(request, opened, 'open journey');
    return reply.status(answer.status).send(answer.body);
  });

  app.get('/api/journeys', async (request) => {
    const page = await listJourneys(db, parseOr400(JourneyListQuery, request.query), policyDayMs, new Date(), journeyScope(request.principal));
    audit(request, page.journeys.map((j) => j.journeyId), 'list journeys');
    return page;
  });

  /** A read of one journey: validated id, audited, and a 404 for a journey the caller may not see. */
  const read = <T>(path: string, action: string, answer: (journeyId: string) => Promise<T>) =>
    app.get(path, async (request) => {
      const { id } = parseOr400(JourneyParams, request.params);
      audit(request, id, action);
      await visibleJourney(db, request.principal, id);
      return answer(id);
    });

  read('/api/journeys/:id', 'read journey', (id) => journeys.get(id));
  read('/api/journeys/:id/events', 'read events', async (id) => ({ journeyId: id, events: await journeys.events(id) }));
  read('/api/journeys/:id/timeline', 'read timeline', (id) => timeline(id));
  read('/api/journeys/:id/next-steps', 'read next steps', (id) => nextSteps(id));
  read('/api/journeys/:id/notifications', 'read notifications', async (id) => ({ journeyId: id, notifications: await journeys.notifications(id) }));

  app.post('/api/journeys/:id/commands', async (request, reply) => {
    const { id } = parseOr400(JourneyParams, request.params);
    audit(request, id, 'command (invalid)');
    const command = JourneyCommand.safeParse(request.body);
    const options = CommandOptions.safeParse(request.body);
    if (!command.success || !options.success)
      throw new HttpError(400, 'invalid_input', 'The command is not valid: see issues.', [
        ...(command.error ? issuesOf(command.error) : []),
        ...(options.error ? issuesOf(options.error) : []),
      ]);
    audit(request, id, `command ${command.data.type}`);
    requireRole(request.principal, commandRoles[command.data.type], `send ${command.data.type}`);
    await visibleJourney(db, request.principal, id);
    const answer = await runIdempotently(db, idempotencyScope(request.principal, `POST /api/journeys/${id}/commands`), idempotencyKey(request), request.body, randomUUID, async (updateId) => ({
      status: 200,
      body: await journeys.command(id, updateId, command.data, actorOf(request.principal), options.data.expectedVersion),
    }));
    return reply.status(answer.status).send(answer.body);
  });
}

export { parseOr400 };
