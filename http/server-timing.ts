import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Every answer, pages and API alike, says how long the server took in a Server-Timing header (the
 * browser's developer tools show it; `npm run bench:pages` reports it beside the client's time): from
 * the arrival of the request (register this first, so that every other hook counts) to the response
 * ready to send.
 */
export function registerServerTiming(app: FastifyInstance): void {
  // Fastify times a reply only when a logger or an onResponse hook asks it to: our own clock, then.
  const arrived = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    arrived.set(request, performance.now());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const start = arrived.get(request);
    if (start !== undefined) reply.header('server-timing', serverTiming(performance.now() - start));
    return payload;
  });
}

/** The header's value: `app;dur=<milliseconds>`. */
export const serverTiming = (ms: number): string => `app;dur=${ms.toFixed(1)}`;

/** The milliseconds of a Server-Timing header's `app` metric, or null without one. */
export function serverTimingMs(header: string | null | undefined): number | null {
  const match = header ? /(?:^|,)\s*app;dur=(\d+(?:\.\d+)?)/.exec(header) : null;
  return match ? Number(match[1]) : null;
}
