import { decide } from '../../../domain/decide';
import { duePoints } from '../../../domain/schedule';
import { DAY, journey, system } from './decider-spec';

describe('the domain is deterministic', () => {
  const now = Date.now;
  const random = Math.random;
  beforeAll(() => {
    Date.now = () => {
      throw new Error('the domain must not read the clock');
    };
    Math.random = () => {
      throw new Error('the domain must not use randomness');
    };
  });
  afterAll(() => {
    Date.now = now;
    Math.random = random;
  });

  it('runs a whole journey and its schedule without the clock or randomness, twice to the same result', () => {
    const run = () => {
      const j = journey('integrated').to('active').wait(100);
      for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
      j.to('review').to('active');
      return { events: j.events, state: j.state, due: duePoints(j.state, DAY) };
    };
    expect(run()).toEqual(run());
  });
});

/** As the SDK's reusable V8 context freezes preloaded modules: every reachable own property, then the object. */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (!value || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (typeof value === 'object') for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  Object.freeze(value);
}

describe('the domain the workflow shares between cached journeys', () => {
  it('runs a whole journey with its modules deep-frozen, as the workflow sandbox shares them (worker/create-worker.ts)', () => {
    const { readdirSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { join } = jest.requireActual<typeof import('node:path')>('node:path');
    const domain = join(__dirname, '..', '..', '..', 'domain');
    // Everything the preloaded modules import: the listed ones, the decisions, and the helpers beneath them.
    const shared = [
      'decide',
      'evolve',
      'schedule',
      'state',
      'errors',
      'messages/owed',
      'policy',
      'transitions',
      'guards',
      'money',
      'dates',
      'clock',
      'on-hold',
    ];
    const decisions = readdirSync(join(domain, 'decisions')).map((file) => `decisions/${file.replace(/\.ts$/, '')}`);
    // Loaded by path, as the sandbox loads them, so that the very modules the decider uses are frozen.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const module of [...shared, ...decisions]) deepFreeze(require(join(domain, module)));
    // Strict mode makes a write to a frozen object throw, as it does in the sandbox.
    const j = journey('integrated').to('active').wait(100);
    for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
    j.to('review').to('active');
    expect(j.state.stage).toBe('active');
    // The task rules too, on the frozen modules: the plan submitted opens the approver's sign-off task.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { withTaskEvents } = require(join(domain, 'tasks/reconcile')) as typeof import('../../../domain/tasks/reconcile');
    const planning = journey('phb').to('planning');
    planning.run({ type: 'record_advice_offer', outcome: 'accepted' });
    const context = { actor: system, now: '2026-01-01T00:00:00.000Z', policyDayMs: DAY };
    const decided = decide({ type: 'submit_plan', outcomes: ['Stay at home'], lines: planning.plan, risks: [] }, planning.state, {
      actor: system,
    });
    expect(withTaskEvents(planning.state, decided, context).at(-1)).toEqual({
      type: 'task_opened',
      data: expect.objectContaining({ kind: 'sign_off', role: 'approver' }),
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(Object.isFrozen(require(join(domain, 'policy')).defaultPolicies.chc)).toBe(true);
  });
});
