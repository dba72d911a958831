import type { FastifyRequest } from 'fastify';
import type { AuditMark } from '../app/audit';
import type { Caller } from '../app/caller';
import { unauthenticated } from '../app/errors';
import type { Principal } from '../app/principal';
import { isJourneyId } from '../domain/ids';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the API's authentication (a bearer token) or the web's session, never by a URL prefix. */
    principal?: Principal;
    /** The journeys this request reads or changes, and what it does: written to the audit trail as it answers. */
    audited?: AuditMark;
  }
}

/**
 * The request as a use case's caller. A route reached without a principal (its adapter's authentication
 * did not run or found nobody) is a 401, never an anonymous call.
 */
export function callerOf(request: FastifyRequest): Caller {
  const principal = request.principal;
  if (!principal) throw unauthenticated('Sign in first: send a bearer token in the Authorization header.');
  return {
    principal,
    audit(journeyIds, action) {
      // Only ids a journey could have reach the trail: a path of someone's name or NHS number does not.
      request.audited = { journeyIds: (Array.isArray(journeyIds) ? journeyIds : [journeyIds]).filter(isJourneyId), action };
    },
  };
}
