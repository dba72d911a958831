import fc from 'fast-check';
import { sql } from 'kysely';
import type { Principal } from '../../app/principal';
import { commandRoles, JourneyCommand } from '../../domain/commands';
import { formToCommand } from '../../web/forms/command-body';
import { commandForms, type Field } from '../../web/forms/command-fields';
import { eventually } from '../support/mailbox';
import { manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient, type PageRequest } from '../support/web-client';

/**
 * Property: whatever arrives at a POST route (random values, valid bodies with one field made hostile,
 * prototype-pollution keys, deep nesting, huge strings), the answer is a 4xx that names the field, never a
 * 5xx, and nothing is written. The POST routes come from GET /openapi.json, so a new one is covered or fails.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Valid bodies to corrupt, one field at a time. */
const validCommands: Record<string, Json>[] = [
  { type: 'assign_coordinator', coordinator: 'alice', note: 'fine' },
  { type: 'record_consent', given: true, by: 'person' },
  { type: 'record_information_given', topics: ['personal_budgets', 'peer_support'], channel: 'phone', format: 'easy_read' },
  { type: 'record_decision', decision: 'proceed' },
  { type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] },
  { type: 'set_indicative_budget', amountPence: 1_000_000, method: 'ras', trace: [{ label: 'Care', amountPence: 1_000_000 }] },
  { type: 'record_advice_offer', outcome: 'accepted', provider: 'Advice service' },
  {
    type: 'submit_plan',
    outcomes: ['Stay at home'],
    lines: [{ description: 'Carer', fundingStream: 'nhs', managementOption: 'direct_payment', annualCostPence: 500_000 }],
    risks: ['falls'],
    contingency: 'Family',
  },
  { type: 'return_plan', reasons: ['Needs costing'] },
  { type: 'record_support_started', date: '2026-02-03' },
  { type: 'complete_review', outcome: 'amend', notes: 'ok' },
  { type: 'close', reason: 'moved' },
  { type: 'record_budget_told', channel: 'phone' },
  { type: 'approve_plan', note: 'fine' },
  { type: 'refuse_plan', reasons: ['Over the panel limit'] },
  { type: 'request_review', reason: 'Needs changed' },
  { type: 'put_on_hold', reason: 'In hospital' },
  { type: 'resume', note: 'Home again' },
  { type: 'withdraw', reason: 'Changed their mind' },
  { type: 'update_preferences', channel: 'letter', format: 'easy_read', language: 'cy', copyToRepresentative: false },
  { type: 'request_advice', about: 'Direct payments' },
];

/** A valid body for each piece of work on a task that takes one (claim and release take none). */
const validTaskWork: Record<string, Json> = {
  assign: { to: 'alice', note: 'Covers the north' },
  snooze: { until: '2031-01-02T09:00:00.000Z', reason: 'Waiting on the GP' },
  complete: { outcome: 'Called the person' },
};

/** Fields whose strings are a closed set: any other string is invalid there. */
const enumFields = new Set([
  'type',
  'pathway',
  'channel',
  'decision',
  'outcome',
  'method',
  'by',
  'fundingStream',
  'managementOption',
  'format',
  'topics',
  'reason',
]);
const notEnumIn = (body: Json, path: string[]) =>
  // `reason` is free text except when closing; a task's `outcome` (a body without a type) is free text.
  (path.at(-1) === 'reason' && (body as { type?: string }).type !== 'close') ||
  (path.at(-1) === 'outcome' && (body as { type?: string }).type === undefined);

type Leaf = { path: string[]; value: Json };
function leaves(value: Json, path: string[] = []): Leaf[] {
  const here = path.length > 0 ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => leaves(v, [...path, String(i)]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return here;
}

function withValue(body: Json, path: string[], value: Json): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  let at: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, Json>;
  at[path.at(-1)!] = value;
  return copy;
}

const validNhs = (digits: string) => {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(digits[9]) && check !== 10;
};

const deep = (depth: number, inner: Json = 'x'): Json => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const hugeString = fc.integer({ min: 20_000, max: 120_000 }).map((n) => 'Ω'.repeat(n / 2));
const notAString: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  fc.integer({ min: 20, max: 400 }).map((d) => deep(d)),
);

/** A value that cannot be right where `leaf` is, whatever the field means. */
function hostileFor(body: Json, leaf: Leaf): fc.Arbitrary<Json> {
  const name = leaf.path.at(-1)!;
  const { value } = leaf;
  if (typeof value === 'string') {
    const options = [notAString, hugeString.map((s): Json => s)];
    if (enumFields.has(name) || (/^\d+$/.test(name) && enumFields.has(leaf.path.at(-2)!))) {
      if (!notEnumIn(body, leaf.path)) options.push(fc.string({ maxLength: 30 }).map((s): Json => `${s}!`)); // no enum value has a '!'
    }
    if (name === 'nhsNumber')
      options.push(
        fc.oneof(
          fc.stringMatching(/^\d{10}$/).filter((s) => !validNhs(s)),
          fc.stringMatching(/^\d{1,9}$/),
          fc.stringMatching(/^\d{11,14}$/),
        ),
      );
    if (name === 'date' || name === 'dateOfBirth')
      options.push(fc.constantFrom('2026-13-40', '03/02/1950', 'yesterday', '2026-02-30T00:00'));
    return fc.oneof(...options);
  }
  if (typeof value === 'number') {
    const options: fc.Arbitrary<Json>[] = [
      fc.double({ min: -1e6, max: 1e6, noInteger: true, noDefaultInfinity: true, noNaN: true }),
      fc.string().map((s): Json => s),
      fc.constant(null),
      fc.constant(1e300),
    ];
    // Pence that must not be negative; a trace line may be (a deduction).
    if (name === 'amountPence' && leaf.path.length === 1) options.push(fc.integer({ min: -1e9, max: 0 }));
    if (name === 'annualCostPence') options.push(fc.integer({ min: -1e9, max: -1 }));
    return fc.oneof(...options);
  }
  if (typeof value === 'boolean') return fc.oneof(fc.constantFrom<Json>('true', 1, 0, null, 'yes'), fc.constant<Json>([true]));
  // Items that are neither strings nor objects fit no list here (an object item could be valid: {} is an empty payload).
  const wrongItem = notAString.filter((v) => typeof v !== 'string' && (v === null || typeof v !== 'object' || Array.isArray(v)));
  if (Array.isArray(value))
    return fc.oneof(
      fc.string().map((s): Json => s),
      fc.integer(),
      fc.constant<Json>({ length: 1 }),
      fc.array(wrongItem, { minLength: 1, maxLength: 3 }),
    );
  return fc.oneof(
    fc.string().map((s): Json => s),
    fc.constant<Json>([]),
    fc.integer(),
    fc.constant(null),
  );
}

/** One valid body with one field made hostile, and the path of that field. */
const corrupted = (bodies: Json[]) =>
  fc
    .constantFrom(...bodies)
    .chain((body) =>
      fc
        .constantFrom(...leaves(body))
        .chain((leaf) => hostileFor(body, leaf).map((value) => ({ body: withValue(body, leaf.path, value), path: leaf.path.join('.') }))),
    );

/** Raw JSON with prototype-pollution keys, at the top or nested. */
const pollution = fc.constantFrom(
  ['{"__proto__":{"polluted":"yes"},"type":"assign_coordinator","coordinator":"alice"}', '__proto__'],
  ['{"type":"assign_coordinator","coordinator":"alice","constructor":{"prototype":{"polluted":"yes"}}}', 'constructor.prototype'],
  ['{"person":{"name":"Ada","__proto__":{"isAdmin":true}},"pathway":"chc","team":"north","referralSource":"gp"}', 'person.__proto__'],
  ['{"payloads":[{"metadata":{"__proto__":{"polluted":"yes"}},"data":""}]}', 'payloads.0.metadata.__proto__'],
);

type Form = Record<string, string>;
type CommandType = keyof typeof commandForms;
/** A corrupted form: the fields to change, and the field id its error must link to. */
type FormCorruption = { patch: Form; anchor: string };

const huge = (min: number) => fc.integer({ min, max: 30_000 }).map((n) => 'x'.repeat(n));
const notAnOption = fc.string({ maxLength: 20 }).map((s) => `${s}!`); // no option's value has a '!'
const at =
  (name: string, anchor = name) =>
  (value: string): FormCorruption => ({ patch: { [name]: value }, anchor });

/** A form that passes every check, built from the command's own fields: what is corrupted one field at a time. */
function validForm(type: CommandType): Form {
  const form: Form = { note: 'Fine' };
  for (const field of commandForms[type].fields) {
    if (field.name === 'language') form[field.name] = 'cy';
    else if (field.kind === 'text' || field.kind === 'textarea') form[field.name] = 'Fine';
    else if (field.kind === 'lines') form[field.name] = 'First\nSecond';
    else if (field.kind === 'radios' || field.kind === 'select' || field.kind === 'checkboxes')
      form[field.name] = field.options.find(([value]) => value)![0];
    else if (field.kind === 'yesno') form[field.name] = 'yes';
    else if (field.kind === 'money') form[field.name] = '1,000.50';
    else if (field.kind === 'trace') form[field.name] = 'Care = £1,000.50';
    else if (field.kind === 'date')
      Object.assign(form, { [`${field.name}-day`]: '3', [`${field.name}-month`]: '2', [`${field.name}-year`]: '2026' });
    else
      Object.assign(form, {
        'lines-0-description': 'Carer',
        'lines-0-fundingStream': 'nhs',
        'lines-0-managementOption': 'notional',
        'lines-0-annualCost': '500',
      });
  }
  return form;
}

/** Values that cannot be right in this field, whatever it means: too long, not an option, not a number or a date, missing when needed. */
function hostileField(field: Field): fc.Arbitrary<FormCorruption>[] {
  const needed = !('optional' in field && field.optional);
  const blank = (...values: string[]) => (needed ? [fc.constantFrom(...values).map(at(field.name))] : []);
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return [huge(10_001).map(at(field.name)), ...blank('', '   ')];
    case 'lines':
      return [huge(2_001).map(at(field.name)), ...blank('', '\n \n')];
    case 'radios':
    case 'select':
    case 'checkboxes':
      return [notAnOption.map(at(field.name)), ...blank('')];
    case 'yesno':
      return [fc.oneof(notAnOption, fc.constant('')).map(at(field.name))];
    case 'money':
      return [fc.constantFrom('abc', '-5', '1.234', '£', '1e5', '0', '9'.repeat(25)).map(at(field.name))];
    case 'trace':
      return [fc.constantFrom('', 'no amount here', 'Care = abc', '= £100', `${'x'.repeat(300)} = £1`).map(at(field.name))];
    case 'date':
      return [
        fc
          .tuple(fc.constantFrom('day', 'month', 'year'), fc.constantFrom('', 'x', '123', '1.5'))
          .map(([part, value]) => ({ patch: { [`${field.name}-${part}`]: value }, anchor: `${field.name}-day` })),
        fc.constant({ patch: { [`${field.name}-day`]: '31', [`${field.name}-month`]: '2' }, anchor: `${field.name}-day` }),
      ];
    case 'planLines':
      return [
        fc.oneof(fc.constant(''), huge(501)).map(at('lines-0-description')),
        notAnOption.map(at('lines-0-fundingStream')),
        notAnOption.map(at('lines-0-managementOption')),
        fc.constantFrom('abc', '-5', '1.234').map(at('lines-0-annualCost')),
      ];
  }
}

describe('hostile input to every POST route', () => {
  let system: TestSystem;
  let journeyId: string;
  /** The journey's open task (its referral, to pick up): work on it is corrupted as commands are. */
  let taskId: string;
  const as: Principal = { sub: 'fuzzer', role: 'coordinator', teams: ['north'] };
  const admin: Principal = { ...manager, sub: 'fuzz-manager' };
  // Only admins may encode: a manager's body would be refused before it is read.
  const encoder: Principal = { sub: 'fuzz-admin', role: 'admin', teams: [] };
  beforeAll(async () => {
    system = await startTestSystem();
    journeyId = (await system.request('POST', '/api/journeys', { body: openJourneyBody(), as: admin })).body.journeyId;
    // The welcome is queued just after the journey answers: let it land before anything is counted.
    await eventually(
      async () =>
        (await system.db
          .selectFrom('notifications')
          .select('id')
          .where('journey_id', '=', journeyId)
          .where('template', '=', 'welcome')
          .executeTakeFirst()) ?? undefined,
      () => 'the welcome was never queued',
    );
    taskId = (await system.request('GET', `/api/tasks?journeyId=${journeyId}`, { as: admin })).body.tasks[0].taskId;
  });
  afterAll(() => system.stop());

  const counts = async () => {
    const { rows } = await sql<Record<string, string>>`select
      (select count(*) from events) as events, (select count(*) from people) as people, (select count(*) from journeys) as journeys,
      (select count(*) from journey_notes) as notes, (select count(*) from idempotency_keys) as keys, (select count(*) from notifications) as notifications`.execute(
      system.db,
    );
    return rows[0];
  };

  /** Sends one body; checks the answer is a 4xx naming `path` (when given), never a 5xx. */
  const refuses = async (route: string, body: Json | string, principal: Principal, path?: string) => {
    const answer = await system.request('POST', route, {
      as: principal,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const named: string[] = (answer.body?.error?.issues ?? []).map((i: { path: string }) => i.path);
    const ok =
      answer.status >= 400 &&
      answer.status < 500 &&
      (path === undefined ||
        answer.status === 413 ||
        named.some((p) => p !== '' && (path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`))));
    if (!ok)
      throw new Error(`${route} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)} for a body corrupted at "${path}"`);
  };

  it('lists the POST routes from the contract', async () => {
    const { body } = await system.request('GET', '/openapi.json', { as: null });
    const posts = Object.entries(body.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'post' in ops)
      .map(([path]) => path);
    // Making a personal link takes no body: there is nothing to corrupt.
    expect(posts.sort()).toEqual([
      '/api/journeys',
      '/api/journeys/{id}/commands',
      '/api/journeys/{id}/person-links',
      '/api/tasks/{taskId}/assign',
      '/api/tasks/{taskId}/claim',
      '/api/tasks/{taskId}/complete',
      '/api/tasks/{taskId}/release',
      '/api/tasks/{taskId}/snooze',
      '/codec/decode',
      '/codec/encode',
    ]);
  });

  it('refuses every corrupted body, naming the field, and writes nothing', async () => {
    const before = await counts();
    const routes: [string, fc.Arbitrary<{ body: Json; path: string }>, Principal][] = [
      [
        '/api/journeys',
        corrupted([
          openJourneyBody() as unknown as Json,
          openJourneyBody({
            person: {
              ...openJourneyBody().person,
              representative: { name: 'Rep', relationship: 'son', contact: { phone: '01234 567890' } },
            },
          }) as unknown as Json,
        ]),
        as,
      ],
      [`/api/journeys/${journeyId}/commands`, corrupted(validCommands), as],
      ...Object.entries(validTaskWork).map(([action, body]): (typeof routes)[number] => [
        `/api/tasks/${taskId}/${action}`,
        corrupted([body]),
        as,
      ]),
      ['/codec/encode', corrupted([{ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IngiCg==' }] }]), encoder],
      ['/codec/decode', corrupted([{ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IngiCg==' }] }]), admin],
    ];
    // Every command type has a valid body to corrupt.
    expect(validCommands.map((c) => c.type).sort()).toEqual(Object.keys(commandRoles).sort());
    for (const [route, bodies, principal] of routes)
      await fc.assert(
        fc.asyncProperty(bodies, async ({ body, path }) => refuses(route, body, principal, path)),
        { numRuns: route.endsWith('/commands') ? 190 : 100 },
      );
    expect(await counts()).toEqual(before);
  });

  it('refuses random values and malformed JSON with a 4xx, never a 5xx, and writes nothing', async () => {
    const before = await counts();
    const garbage = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('', '{', '{"type":', '[', 'null', '{"a":1}}', '\u0000'),
    );
    for (const [route, principal] of [
      ['/api/journeys', as],
      [`/api/journeys/${journeyId}/commands`, as],
      ['/codec/decode', admin],
    ] as const)
      await fc.assert(
        fc.asyncProperty(garbage, async (body) => refuses(route, body, principal)),
        { numRuns: 100 },
      );
    expect(await counts()).toEqual(before);
  });

  describe('the web forms', () => {
    let page: PageRequest;
    beforeAll(() => {
      page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    });

    /** Posts one form; checks the answer is a 4xx page whose error summary links to `anchor`, and signs no one in. */
    const refusesForm = async (route: string, principal: Principal | null, form: Form, anchor: string) => {
      const answer = await page('POST', route, { as: principal, form });
      const links = [...answer.html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
      const ok = answer.status >= 400 && answer.status < 500 && links.includes(anchor) && answer.headers.get('set-cookie') === null;
      if (!ok)
        throw new Error(`${route} answered ${answer.status} (errors at ${links.join(', ') || 'none'}) for a form corrupted at "${anchor}"`);
    };

    it('are the form routes the web app registers, and every command form has a valid form to corrupt', () => {
      // /sign-out and the personal link forms (make, revoke) take nothing but the CSRF token.
      expect(
        system.app.webRoutes
          .filter((r) => r.method === 'POST')
          .map((r) => r.url)
          .sort(),
      ).toEqual([
        '/journeys/:id/do/:type',
        '/journeys/:id/person-link',
        '/journeys/:id/person-links/:linkId/revoke',
        '/journeys/new',
        '/sign-in',
        '/sign-out',
      ]);
      for (const type of Object.keys(commandForms) as CommandType[]) {
        const { command, errors } = formToCommand(type, validForm(type));
        expect([type, errors.list, JourneyCommand.safeParse(command).success]).toEqual([type, [], true]);
      }
    });

    it('refuse every corrupted command form with a 400 naming the field, and write nothing', async () => {
      const before = await counts();
      const types = Object.keys(commandForms) as CommandType[];
      const corruptedForms = fc
        .constantFrom(...types)
        .chain((type) =>
          fc.oneof(...[...commandForms[type].fields.flatMap(hostileField), huge(5_001).map(at('note'))]).map((c) => ({ type, ...c })),
        );
      await fc.assert(
        fc.asyncProperty(corruptedForms, async ({ type, patch, anchor }) =>
          refusesForm(
            `/journeys/${journeyId}/do/${type}`,
            commandRoles[type].includes('coordinator') ? as : admin,
            { ...validForm(type), ...patch },
            anchor,
          ),
        ),
        { numRuns: 190 },
      );
      expect(await counts()).toEqual(before);
    });

    it('refuse every corrupted open-journey form with a 4xx naming the field, and write nothing', async () => {
      const before = await counts();
      const valid: Form = {
        name: 'Ada Example',
        nhsNumber: '943 476 5919',
        'dob-day': '2',
        'dob-month': '3',
        'dob-year': '1950',
        email: 'ada@example.org',
        phone: '01234 567890',
        address: '1 Mill Lane',
        channel: 'email',
        format: 'standard',
        pathway: 'chc',
        team: 'north',
        referralSource: 'gp',
      };
      const dob = fc.oneof(
        fc
          .tuple(fc.constantFrom('day', 'month', 'year'), fc.constantFrom('', 'x', '123', '1.5'))
          .map(([part, value]) => ({ [`dob-${part}`]: value })),
        fc.constant({ 'dob-day': '31', 'dob-month': '2' }),
      );
      const corruptedOpen = fc.oneof(
        fc.oneof(fc.constant(''), huge(201)).map(at('name')),
        fc
          .oneof(
            fc.stringMatching(/^\d{10}$/).filter((s) => !validNhs(s)),
            fc.constantFrom('', '12345', 'abcdefghij'),
          )
          .map(at('nhsNumber')),
        dob.map((patch) => ({ patch, anchor: 'dob-day' })),
        fc.oneof(fc.constant('not-an-email'), huge(321)).map(at('email')),
        fc.constantFrom('call me!', '12').map(at('phone')),
        huge(501).map(at('address')),
        fc.oneof(notAnOption, fc.constant('')).map(at('channel')),
        notAnOption.map(at('format')),
        fc.oneof(notAnOption, fc.constant('')).map(at('pathway')),
        // Empty or too long is a 400; another team is a 403: either names the team.
        fc.oneof(fc.constantFrom('', 'south'), huge(101)).map(at('team')),
        fc.oneof(fc.constant(''), huge(201)).map(at('referralSource')),
      );
      await fc.assert(
        fc.asyncProperty(corruptedOpen, async ({ patch, anchor }) => refusesForm('/journeys/new', as, { ...valid, ...patch }, anchor)),
        { numRuns: 80 },
      );
      expect(await counts()).toEqual(before);
    });

    it('refuse every corrupted sign-in with a 400 naming the field, and sign no one in', async () => {
      const valid: Form = { role: 'coordinator', sub: 'someone', teams: 'north' };
      const corruptedSignIn = fc.oneof(
        fc.oneof(notAnOption, fc.constantFrom('', 'person')).map(at('role')),
        fc.oneof(fc.constantFrom('', 'has space', 'semi;colon', '<script>'), huge(101)).map(at('sub')),
        fc.oneof(fc.constantFrom('bad team!', 'a/b', Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')), huge(101)).map(at('teams')),
      );
      await fc.assert(
        fc.asyncProperty(corruptedSignIn, async ({ patch, anchor }) => refusesForm('/sign-in', null, { ...valid, ...patch }, anchor)),
        { numRuns: 40 },
      );
    });
  });

  it('refuses bodies nested up to 100,000 levels deep on every POST route, naming where, within a few milliseconds of a flat body', async () => {
    const before = await counts();
    const routes: Array<[string, Principal, (inner: string) => string, string]> = [
      ['/api/journeys', as, (inner) => `{"person":{"name":${inner}},"pathway":"chc","team":"north","referralSource":"gp"}`, 'person.name'],
      [`/api/journeys/${journeyId}/commands`, as, (inner) => `{"type":"put_on_hold","reason":${inner}}`, 'reason'],
      ['/codec/decode', admin, (inner) => `{"payloads":[{"metadata":${inner},"data":""}]}`, 'payloads.0.metadata'],
    ];
    const timed = async (route: string, principal: Principal, body: string) => {
      const started = performance.now();
      const answer = await system.request('POST', route, { as: principal, body, headers: { 'content-type': 'application/json' } });
      return { answer, ms: performance.now() - started };
    };
    for (const [route, principal, bodyWith, field] of routes) {
      const flat: number[] = [];
      const deep: number[] = [];
      for (let round = 0; round < 5; round++) {
        const plain = await timed(route, principal, bodyWith('42'));
        expect([route, plain.answer.status]).toEqual([route, 400]);
        flat.push(plain.ms);
        for (const levels of [1_000, 10_000, 100_000]) {
          const nested = await timed(route, principal, bodyWith(`${'['.repeat(levels)}${']'.repeat(levels)}`));
          expect([route, levels, nested.answer.status]).toEqual([route, levels, 400]);
          expect(nested.answer.body.error.issues[0].path.startsWith(`${field}.`)).toBe(true);
          deep.push(nested.ms);
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      // Measured at the client over loopback: the deep bodies' extra bytes travel too, yet cost no more than a few milliseconds.
      expect([route, median(deep) < median(flat) + 10]).toEqual([route, true]);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses prototype-pollution keys by name, and nothing is polluted', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(
        pollution,
        fc.constantFrom('/api/journeys', `/api/journeys/${journeyId}/commands`, '/codec/decode'),
        async ([body, path], route) => refuses(route, body, route.startsWith('/codec') ? admin : as, path),
      ),
      { numRuns: 30 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});
