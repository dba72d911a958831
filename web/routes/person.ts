import type { FastifyInstance } from 'fastify';
import { audit } from '../../api/audit';
import { visibleJourney } from '../access';
import { notFoundPage, signedIn } from '../guard';
import type { WebContext } from '../register-web';

/** The person's own page: where they are, what happens next, how long, their budget and who to contact. */
export function registerPersonRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/my-journey', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['person']);
    if (!principal) return reply;
    const ref = principal.journeyId ? await visibleJourney(web.db, principal, principal.journeyId) : null;
    if (!ref) return notFoundPage(web, request, reply);
    audit(request, ref.journeyId, 'web: read own page');
    const [steps, journey, person] = await Promise.all([
      web.nextSteps(ref.journeyId),
      web.journeys.get(ref.journeyId),
      web.db.selectFrom('people').select('preferences').where('journey_id', '=', ref.journeyId).executeTakeFirst(),
    ]);
    const largePrint = (person?.preferences as { format?: string } | undefined)?.format === 'large_print';
    const easyRead = steps.format === 'easy_read';
    // The calculation is shown only once the amount has been told (lesson 3), as the summary does.
    const indicative = steps.budget !== null ? journey.budget.indicative : null;
    return web.render(reply, easyRead ? 'person-easy-read.njk' : 'person.njk', {
      principal,
      title: 'Your personal budget',
      bodyClass: easyRead ? 'pbe-easy-read' : largePrint ? 'pbe-large-print' : undefined,
      steps,
      trace: indicative?.trace ?? [],
      amountPence: indicative?.amountPence ?? null,
    });
  });
}
