import fc from 'fast-check';
import { sql } from 'kysely';
import type { Principal } from '../../api/auth';
import { manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

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
];

/** Fields whose strings are a closed set: any other string is invalid there. */
const enumFields = new Set(['type', 'pathway', 'channel', 'decision', 'outcome', 'method', 'by', 'fundingStream', 'managementOption', 'format', 'topics', 'reason']);
const notEnumIn = (body: Json, path: string[]) =>
  // `reason` is free text except when closing.
  path.at(-1) === 'reason' && (body as { type?: string }).type !== 'close';

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
    if (enumFields.has(name) || /^\d+$/.test(name) && enumFields.has(leaf.path.at(-2)!)) {
      if (!notEnumIn(body, leaf.path)) options.push(fc.string({ maxLength: 30 }).map((s): Json => `${s}!`)); // no enum value has a '!'
    }
    if (name === 'nhsNumber')
      options.push(fc.oneof(fc.stringMatching(/^\d{10}$/).filter((s) => !validNhs(s)), fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{11,14}$/)));
    if (name === 'date' || name === 'dateOfBirth') options.push(fc.constantFrom('2026-13-40', '03/02/1950', 'yesterday', '2026-02-30T00:00'));
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
  if (Array.isArray(value)) return fc.oneof(fc.string().map((s): Json => s), fc.integer(), fc.constant<Json>({ length: 1 }), fc.array(wrongItem, { minLength: 1, maxLength: 3 }));
  return fc.oneof(fc.string().map((s): Json => s), fc.constant<Json>([]), fc.integer(), fc.constant(null));
}

/** One valid body with one field made hostile, and the path of that field. */
const corrupted = (bodies: Json[]) =>
  fc
    .constantFrom(...bodies)
    .chain((body) => fc.constantFrom(...leaves(body)).chain((leaf) => hostileFor(body, leaf).map((value) => ({ body: withValue(body, leaf.path, value), path: leaf.path.join('.') }))));

/** Raw JSON with prototype-pollution keys, at the top or nested. */
const pollution = fc.constantFrom(
  ['{"__proto__":{"polluted":"yes"},"type":"assign_coordinator","coordinator":"alice"}', '__proto__'],
  ['{"type":"assign_coordinator","coordinator":"alice","constructor":{"prototype":{"polluted":"yes"}}}', 'constructor.prototype'],
  ['{"person":{"name":"Ada","__proto__":{"isAdmin":true}},"pathway":"chc","team":"north","referralSource":"gp"}', 'person.__proto__'],
  ['{"payloads":[{"metadata":{"__proto__":{"polluted":"yes"}},"data":""}]}', 'payloads.0.metadata.__proto__'],
);

describe('hostile input to every POST route', () => {
  let system: TestSystem;
  let journeyId: string;
  const as: Principal = { sub: 'fuzzer', role: 'coordinator', teams: ['north'] };
  const admin: Principal = { ...manager, sub: 'fuzz-manager' };
  beforeAll(async () => {
    system = await startTestSystem();
    journeyId = (await system.request('POST', '/api/journeys', { body: openJourneyBody(), as: admin })).body.journeyId;
  });
  afterAll(() => system.stop());

  const counts = async () => {
    const { rows } = await sql<Record<string, string>>`select
      (select count(*) from events) as events, (select count(*) from people) as people, (select count(*) from journeys) as journeys,
      (select count(*) from journey_notes) as notes, (select count(*) from idempotency_keys) as keys, (select count(*) from notifications) as notifications`.execute(system.db);
    return rows[0];
  };

  /** Sends one body; checks the answer is a 4xx naming `path` (when given), never a 5xx. */
  const refuses = async (route: string, body: Json | string, principal: Principal, path?: string) => {
    const answer = await system.request('POST', route, { as: principal, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const named: string[] = (answer.body?.error?.issues ?? []).map((i: { path: string }) => i.path);
    const ok = answer.status >= 400 && answer.status < 500 && (path === undefined || answer.status === 413 || named.some((p) => p !== '' && (path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`))));
    if (!ok) throw new Error(`${route} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)} for a body corrupted at "${path}"`);
  };

  it('lists the POST routes from the contract', async () => {
    const { body } = await system.request('GET', '/openapi.json', { as: null });
    const posts = Object.entries(body.paths as Record<string, Record<string, unknown>>).filter(([, ops]) => 'post' in ops).map(([path]) => path);
    expect(posts.sort()).toEqual(['/api/journeys', '/api/journeys/{id}/commands', '/codec/decode', '/codec/encode']);
  });

  it('refuses every corrupted body, naming the field, and writes nothing', async () => {
    const before = await counts();
    const routes: [string, fc.Arbitrary<{ body: Json; path: string }>, Principal][] = [
      ['/api/journeys', corrupted([openJourneyBody() as unknown as Json, openJourneyBody({ person: { ...openJourneyBody().person, representative: { name: 'Rep', relationship: 'son', contact: { phone: '01234 567890' } } } }) as unknown as Json]), as],
      [`/api/journeys/${journeyId}/commands`, corrupted(validCommands), as],
      ['/codec/encode', corrupted([{ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IngiCg==' }] }]), admin],
      ['/codec/decode', corrupted([{ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IngiCg==' }] }]), admin],
    ];
    for (const [route, bodies, principal] of routes)
      await fc.assert(
        fc.asyncProperty(bodies, async ({ body, path }) => refuses(route, body, principal, path)),
        { numRuns: 150 },
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
    for (const [route, principal] of [['/api/journeys', as], [`/api/journeys/${journeyId}/commands`, as], ['/codec/decode', admin]] as const)
      await fc.assert(
        fc.asyncProperty(garbage, async (body) => refuses(route, body, principal)),
        { numRuns: 100 },
      );
    expect(await counts()).toEqual(before);
  });

  it('refuses prototype-pollution keys by name, and nothing is polluted', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(pollution, fc.constantFrom('/api/journeys', `/api/journeys/${journeyId}/commands`, '/codec/decode'), async ([body, path], route) =>
        refuses(route, body, route.startsWith('/codec') ? admin : as, path),
      ),
      { numRuns: 30 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});
