import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../api/audit';
import { issuesOf, type Issue } from '../../api/http-error';
import { JourneyCommand } from '../../domain/commands';
import { commandsAllowed, visibleJourney } from '../access';
import { commandForms, fundingStreams, managementOptions } from '../forms/command-fields';
import { addIssues, formToCommand, type FormBody } from '../forms/command-body';
import { addError, hasErrors, noErrors, type FormErrors } from '../forms/form-errors';
import { notFoundPage, signedIn } from '../guard';
import type { WebContext } from '../register-web';

type Params = { id: string; type: string };
const lists = { fundingStreams, managementOptions };
const isCommandType = (type: string): type is JourneyCommand['type'] => Object.hasOwn(commandForms, type);

/** What the API's refusals mean on a form: a 409 says why in its message; the rest say what to do. */
const refusal: Record<number, string> = {
  403: 'You are not allowed to do this.',
  404: 'This journey no longer exists, or is not one you can see.',
  422: 'This form was already sent with other answers: reload the page and try again.',
  503: 'The service is busy and nothing was changed. Try again in a moment.',
};

/** A form for every command; posts go through the JSON API as the signed-in principal, so both behave alike. */
export function registerCommandFormRoutes(app: FastifyInstance, web: WebContext): void {
  async function load(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const principal = signedIn(web, request, reply, ['coordinator', 'approver', 'manager', 'admin']);
    if (!principal) return null;
    const { id, type } = request.params;
    const ref = await visibleJourney(web.db, principal, id);
    if (!ref || !isCommandType(type)) {
      await notFoundPage(web, request, reply);
      return null;
    }
    if (!commandsAllowed(principal, ref).includes(type)) {
      await web.render(reply, 'message.njk', { principal, title: 'You cannot do this', message: `The ${principal.role} role may not ${commandForms[type].title.toLowerCase()}.` }, 403);
      return null;
    }
    audit(request, ref.journeyId, `web: ${request.method === 'GET' ? 'read' : 'send'} ${type} form`);
    return { principal, type, journey: await web.journeys.get(id) };
  }

  const show = (request: FastifyRequest, reply: FastifyReply, loaded: NonNullable<Awaited<ReturnType<typeof load>>>, values: FormBody, errors: FormErrors, status = 200) =>
    web.render(
      reply,
      'command-form.njk',
      {
        principal: loaded.principal,
        csrf: request.session?.csrf,
        title: commandForms[loaded.type].title,
        back: { href: `/journeys/${loaded.journey.journeyId}` },
        type: loaded.type,
        form: commandForms[loaded.type],
        journey: loaded.journey,
        showPlan: ['approve_plan', 'return_plan', 'refuse_plan'].includes(loaded.type),
        values,
        lists: { ...lists, topics: Array.isArray(values.topics) ? values.topics : values.topics ? [values.topics] : [] },
        errors: errors.list,
        fieldErrors: errors.byField,
        // A fresh key for each showing of the form: a double submit is one command; a corrected resubmit is another.
        idempotencyKey: randomUUID(),
      },
      status,
    );

  app.get<{ Params: Params }>('/journeys/:id/do/:type', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const defaults: FormBody = loaded.type === 'assign_coordinator' ? { coordinator: loaded.principal.sub } : {};
    return show(request, reply, loaded, defaults, noErrors());
  });

  app.post<{ Params: Params }>('/journeys/:id/do/:type', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const body = (request.body ?? {}) as FormBody;
    const { command, errors, planRows } = formToCommand(loaded.type, body);
    const checked = JourneyCommand.safeParse(command);
    if (hasErrors(errors) || !checked.success) {
      addIssues(errors, loaded.type, checked.success ? [] : issuesOf(checked.error), planRows);
      return show(request, reply, loaded, body, errors, 400);
    }
    const key = typeof body._key === 'string' && /^[0-9a-f-]{36}$/.test(body._key) ? body._key : randomUUID();
    const answer = await web.app.inject({
      method: 'POST',
      url: `/api/journeys/${encodeURIComponent(loaded.journey.journeyId)}/commands`,
      headers: { authorization: `Bearer ${request.session!.token}`, 'content-type': 'application/json', 'idempotency-key': `web-${key}` },
      payload: JSON.stringify(command),
    });
    if (answer.statusCode === 200) return reply.redirect(`/journeys/${loaded.journey.journeyId}?done=${loaded.type}`, 303);
    const error = (answer.json() as { error?: { code?: string; message?: string; issues?: Issue[] } }).error ?? {};
    const shown = noErrors();
    if (answer.statusCode === 400 && error.issues) addIssues(shown, loaded.type, error.issues, planRows);
    else addError(shown, null, answer.statusCode === 409 ? (error.message ?? 'The journey cannot do this now.') : (refusal[answer.statusCode] ?? 'Something went wrong on our side; nothing was changed.'));
    // A refusal keeps its 409, a dependency down its 503; the rest are the form's to put right.
    const status = answer.statusCode === 409 || answer.statusCode >= 500 ? answer.statusCode : 400;
    return show(request, reply, { ...loaded, journey: await web.journeys.get(loaded.journey.journeyId) }, body, shown, status);
  });
}
