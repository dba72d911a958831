import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../app/principal';
import { answerFor } from '../../http/error-answer';
import { callerOf } from '../../http/request-context';
import { addError, hasErrors, noErrors, type FormErrors } from '../forms/form-errors';
import { signedIn } from '../guard';
import type { WebContext } from '../web-context';

type Body = Record<string, string | undefined>;

/** The API's issue paths, as the form's field ids (where the error links to). */
const fieldOfPath: Record<string, string> = {
  'person.name': 'name',
  'person.nhsNumber': 'nhsNumber',
  'person.dateOfBirth': 'dob-day',
  'person.contact': 'email',
  'person.contact.email': 'email',
  'person.contact.phone': 'phone',
  'person.contact.address': 'address',
  'person.preferences.channel': 'channel',
  'person.preferences.format': 'format',
  pathway: 'pathway',
  team: 'team',
  referralSource: 'referralSource',
};
const labels: Record<string, string> = {
  name: 'Full name',
  nhsNumber: 'NHS number',
  'dob-day': 'Date of birth',
  email: 'Contact',
  phone: 'Phone number',
  address: 'Address',
  channel: 'How they want to hear from us',
  format: 'Format',
  pathway: 'Pathway',
  team: 'Team',
  referralSource: 'Referred by',
};

const text = (value: string | undefined) => (value ?? '').trim() || undefined;

/** Opening a journey: the person's details and the pathway, sent to `POST /api/journeys` as the signed-in principal. */
export function registerOpenJourneyRoutes(app: FastifyInstance, web: WebContext): void {
  const show = (request: FastifyRequest, reply: FastifyReply, principal: Principal, values: Body, errors: FormErrors, status = 200) =>
    web.render(
      reply,
      'open-journey.njk',
      {
        principal,
        csrf: request.session?.csrf,
        title: 'Open a journey',
        back: { href: '/' },
        values,
        teams: principal.teams,
        errors: errors.list,
        fieldErrors: errors.byField,
        idempotencyKey: randomUUID(),
      },
      status,
    );

  app.get('/journeys/new', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator', 'manager', 'admin']);
    if (!principal) return reply;
    return show(request, reply, principal, { team: principal.teams[0], channel: 'email', format: 'standard' }, noErrors());
  });

  app.post('/journeys/new', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator', 'manager', 'admin']);
    if (!principal) return reply;
    const body = (request.body ?? {}) as Body;
    const errors = noErrors();
    const [day, month, year] = [body['dob-day'], body['dob-month'], body['dob-year']].map((v) => (v ?? '').trim());
    if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!))
      addError(errors, 'dob-day', 'Enter the date of birth, with the day, month and year as numbers');
    if (!text(body.pathway)) addError(errors, 'pathway', 'Select the pathway');
    if (!text(body.channel)) addError(errors, 'channel', 'Select how they want to hear from us');
    if (hasErrors(errors)) return show(request, reply, principal, body, errors, 400);
    const request_ = {
      person: {
        name: text(body.name) ?? '',
        nhsNumber: text(body.nhsNumber) ?? '',
        dateOfBirth: `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`,
        contact: { email: text(body.email), phone: text(body.phone), address: text(body.address) },
        preferences: { channel: body.channel, format: text(body.format) ?? 'standard', language: 'en' },
      },
      pathway: body.pathway,
      team: text(body.team) ?? '',
      referralSource: text(body.referralSource) ?? '',
    };
    const key = typeof body._key === 'string' && /^[0-9a-f-]{36}$/.test(body._key) ? body._key : randomUUID();
    try {
      const journey = await web.application.journeys.open(callerOf(request), request_, { idempotencyKey: `web-${key}` });
      return reply.redirect(`/journeys/${journey.journeyId}`, 303);
    } catch (thrown) {
      const error = answerFor(thrown, request);
      for (const issue of error.issues ?? []) {
        const field = fieldOfPath[issue.path];
        addError(errors, field ?? null, field ? `${labels[field]}: ${issue.message}` : issue.message);
      }
      if (!hasErrors(errors)) addError(errors, null, error.message ?? 'The journey could not be opened; nothing was changed.');
      return show(request, reply, principal, body, errors, error.status);
    }
  });
}
