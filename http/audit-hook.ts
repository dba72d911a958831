import type { FastifyInstance } from 'fastify';
import type { Application } from '../app/application';
import './request-context';

/**
 * Writes the audit row of every request that marked journeys (app/audit.ts), with the answer's status as
 * its outcome, before the answer leaves: for the API and the web pages alike.
 */
export function registerAuditTrail(app: FastifyInstance, application: Application): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const mark = request.audited;
    if (!mark || !request.principal || mark.journeyIds.length === 0) return payload;
    request.audited = undefined;
    try {
      await application.recordAudit({ principal: request.principal, mark, status: reply.statusCode, requestId: request.id });
    } catch (error) {
      // The answer still goes out (a write already happened); the failure is logged without values.
      request.log.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'audit write failed');
    }
    return payload;
  });
}
