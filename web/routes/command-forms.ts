import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { commandsAllowed, type VisibleJourney } from '../../app/access';
import { issuesOf } from '../../app/errors';
import type { JourneyView } from '../../app/journeys/journey-view';
import type { Principal } from '../../app/principal';
import { JourneyCommand } from '../../domain/commands';
import { answerFor } from '../../http/error-answer';
import { callerOf } from '../../http/request-context';
import { commandForms, fundingStreams, managementOptions } from '../forms/command-fields';
import { addIssues, formToCommand, type FormBody } from '../forms/command-body';
import { addError, hasErrors, noErrors, type FormErrors } from '../forms/form-errors';
import { notFoundPage, signedIn, visibleOrNull } from '../guard';
import type { WebContext } from '../web-context';

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

interface Loaded {
  principal: Principal;
  type: JourneyCommand['type'];
  ref: VisibleJourney;
}

/** A form for every command; a post goes to the same `sendCommand` use case as the API's route, as the signed-in principal. */
export function registerCommandFormRoutes(app: FastifyInstance, web: WebContext): void {
  const { journeys } = web.application;

  async function load(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<Loaded | null> {
    const principal = signedIn(web, request, reply, ['coordinator', 'approver', 'manager', 'admin']);
    if (!principal) return null;
    const { id, type } = request.params;
    const ref = isCommandType(type) ? await visibleOrNull(web, callerOf(request), id, null) : null;
    if (!ref || !isCommandType(type)) {
      await notFoundPage(web, request, reply);
      return null;
    }
    if (!commandsAllowed(principal, ref).includes(type)) {
      await web.render(
        reply,
        'message.njk',
        {
          principal,
          title: 'You cannot do this',
          message: `The ${principal.role} role may not ${commandForms[type].title.toLowerCase()}.`,
        },
        403,
      );
      return null;
    }
    callerOf(request).audit(ref.journeyId, `web: ${request.method === 'GET' ? 'read' : 'send'} ${type} form`);
    return { principal, type, ref };
  }

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    journey: JourneyView,
    values: FormBody,
    errors: FormErrors,
    status = 200,
  ) =>
    web.render(
      reply,
      'command-form.njk',
      {
        principal: loaded.principal,
        csrf: request.session?.csrf,
        title: commandForms[loaded.type].title,
        back: { href: `/journeys/${journey.journeyId}` },
        type: loaded.type,
        form: commandForms[loaded.type],
        journey,
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
    return show(request, reply, loaded, await journeys.view(loaded.ref), defaults, noErrors());
  });

  app.post<{ Params: Params }>('/journeys/:id/do/:type', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const body = (request.body ?? {}) as FormBody;
    const { command, errors, planRows } = formToCommand(loaded.type, body);
    if (hasErrors(errors)) {
      // What the form could not convert, beside what the command's own rules say of the rest.
      const checked = JourneyCommand.safeParse(command);
      addIssues(errors, loaded.type, checked.success ? [] : issuesOf(checked.error), planRows);
      return show(request, reply, loaded, await journeys.view(loaded.ref), body, errors, 400);
    }
    const key = typeof body._key === 'string' && /^[0-9a-f-]{36}$/.test(body._key) ? body._key : randomUUID();
    try {
      await journeys.sendCommand(callerOf(request), loaded.ref, command, { idempotencyKey: `web-${key}` });
      return reply.redirect(`/journeys/${loaded.ref.journeyId}?done=${loaded.type}`, 303);
    } catch (thrown) {
      // Mapped (and a fault of ours logged) as the API would answer it; the form says it in its own words.
      const error = answerFor(thrown, request);
      const shown = noErrors();
      if (error.status === 400 && error.issues) addIssues(shown, loaded.type, error.issues, planRows);
      else
        addError(
          shown,
          null,
          error.status === 409 ? error.message : (refusal[error.status] ?? 'Something went wrong on our side; nothing was changed.'),
        );
      // A refusal keeps its 409, a dependency down its 503; the rest are the form's to put right.
      const status = error.status === 409 || error.status >= 500 ? error.status : 400;
      return show(request, reply, loaded, await journeys.view(loaded.ref), body, shown, status);
    }
  });
}
