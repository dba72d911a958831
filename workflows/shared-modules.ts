/**
 * Loaded once per worker before any journey runs (the bundler's `preloadModules`), so that every cached
 * journey shares this one zod instead of evaluating its own (about 1 MB a journey). The SDK freezes what
 * is preloaded, so zod's lazily set module state is set here first: its default locale and memoizer (on
 * the first schema built) and whether it may compile parsers (on the first object parsed), both for any
 * input (a valid one and one with errors). A plain `require('zod')` would be dropped by webpack (zod
 * declares no side effects), hence the re-export. Our own schemas are shared differently: see below.
 */
import * as zod from 'zod';

const warm = zod.object({ text: zod.string().min(1), kind: zod.enum(['a', 'b']), n: zod.number().int().optional() });
warm.safeParse({ text: 'x', kind: 'a' });
warm.safeParse({ text: 1, kind: 'c', n: 0.5 });

export { zod };

type CommandSchemas = Pick<typeof import('../domain/commands'), 'JourneyCommand' | 'OpenJourney' | 'TaskWork'> &
  Pick<typeof import('../domain/vocabulary'), 'Actor'>;
let commandSchemasOnce: CommandSchemas | undefined;

/**
 * Our command schemas, evaluated once per worker and shared by every cached journey (about 0.3 MB a
 * journey otherwise, measured with `npm run bench:memory`). Not preloaded, since the SDK deep-freezes
 * what is, and zod completes a schema lazily by writing to it. Instead the first journey that needs them
 * loads them into its own module cache, and this closure, which the freeze cannot reach, keeps them for
 * every journey after it. Sharing them is safe: parsing reads nothing of a journey's, and what zod writes
 * to a schema is its own cache.
 */
export function commandSchemas(): CommandSchemas {
  if (!commandSchemasOnce) {
    // require, not import: loaded at first use, inside a journey, never during the preload.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { JourneyCommand, OpenJourney, TaskWork } = require('../domain/commands') as typeof import('../domain/commands');
    const { Actor } = require('../domain/vocabulary') as typeof import('../domain/vocabulary');
    /* eslint-enable @typescript-eslint/no-require-imports */
    commandSchemasOnce = { JourneyCommand, OpenJourney, TaskWork, Actor };
  }
  return commandSchemasOnce;
}
