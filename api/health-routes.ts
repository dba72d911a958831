import type { FastifyInstance } from 'fastify';
import type { Application } from '../app/application';

/** `GET /health`: 200 when the database and Temporal answer, 503 naming what does not. */
export function registerHealthRoutes(app: FastifyInstance, application: Application): void {
  app.get('/health', async (_request, reply) => {
    const { healthy, checks } = await application.health();
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', checks });
  });
}
