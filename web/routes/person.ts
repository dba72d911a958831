import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/request-context';
import { notFoundPage, signedIn, visibleOrNull } from '../guard';
import type { WebContext } from '../web-context';

/** The person's own page: where they are, what happens next, how long, their budget and who to contact. */
export function registerPersonRoutes(app: FastifyInstance, web: WebContext): void {
  const { journeys, nextSteps, people } = web.application;
  app.get('/my-journey', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['person']);
    if (!principal) return reply;
    const ref = principal.journeyId ? await visibleOrNull(web, callerOf(request), principal.journeyId, 'web: read own page') : null;
    if (!ref) return notFoundPage(web, request, reply);
    const [steps, journey, format] = await Promise.all([nextSteps(ref), journeys.view(ref), people.formatOf(ref)]);
    const easyRead = steps.format === 'easy_read';
    // The calculation is shown only once the amount has been told (lesson 3), as the summary does.
    const indicative = steps.budget !== null ? journey.budget.indicative : null;
    return web.render(reply, easyRead ? 'person-easy-read.njk' : 'person.njk', {
      principal,
      title: 'Your personal budget',
      bodyClass: easyRead ? 'pbe-easy-read' : format === 'large_print' ? 'pbe-large-print' : undefined,
      steps,
      trace: indicative?.trace ?? [],
      amountPence: indicative?.amountPence ?? null,
    });
  });
}
