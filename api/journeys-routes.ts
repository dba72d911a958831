import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { commandRoles, JourneyCommand } from '../domain';
import type { Database } from '../db/schema';
import { requireRole, type Principal } from './auth';
import { HttpError, issuesOf, parseOr400 } from './http-error';
import { runIdempotently } from './idempotency';
import { JourneyListQuery, listJourneys } from './journey-list';
import { newJourneyId, type JourneyService } from './journey-service';
import type { createNextStepsService } from './next-steps-service';
import type { createTimelineService } from './timeline-service';

type TimelineService = ReturnType<typeof createTimelineService>;
type NextStepsService = ReturnType<typeof createNextStepsService>;
import { CommandOptions, OpenJourneyRequest } from './schemas';

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
    const answer = await runIdempotently(db, 'POST /api/journeys', idempotencyKey(request), request.body, newJourneyId, async (journeyId) => ({
      status: 201,
      body: await journeys.open(journeyId, body, actorOf(request.principal)),
    }));
    return reply.status(answer.status).send(answer.body);
  });

  app.get('/api/journeys', async (request) => listJourneys(db, parseOr400(JourneyListQuery, request.query), policyDayMs));

  app.get<{ Params: { id: string } }>('/api/journeys/:id', async (request) => journeys.get(request.params.id));

  app.get<{ Params: { id: string } }>('/api/journeys/:id/events', async (request) => ({
    journeyId: request.params.id,
    events: await journeys.events(request.params.id),
  }));

  app.get<{ Params: { id: string } }>('/api/journeys/:id/timeline', async (request) => timeline(request.params.id));

  app.get<{ Params: { id: string } }>('/api/journeys/:id/next-steps', async (request) => nextSteps(request.params.id));

  app.get<{ Params: { id: string } }>('/api/journeys/:id/notifications', async (request) => ({
    journeyId: request.params.id,
    notifications: await journeys.notifications(request.params.id),
  }));

  app.post<{ Params: { id: string } }>('/api/journeys/:id/commands', async (request, reply) => {
    const { id } = request.params;
    const command = JourneyCommand.safeParse(request.body);
    const options = CommandOptions.safeParse(request.body);
    if (!command.success || !options.success)
      throw new HttpError(400, 'invalid_input', 'The command is not valid: see issues.', [
        ...(command.error ? issuesOf(command.error) : []),
        ...(options.error ? issuesOf(options.error) : []),
      ]);
    requireRole(request.principal, commandRoles[command.data.type], `send ${command.data.type}`);
    const answer = await runIdempotently(db, `POST /api/journeys/${id}/commands`, idempotencyKey(request), request.body, randomUUID, async (updateId) => ({
      status: 200,
      body: await journeys.command(id, updateId, command.data, actorOf(request.principal), options.data.expectedVersion),
    }));
    return reply.status(answer.status).send(answer.body);
  });
}

export { parseOr400 };
