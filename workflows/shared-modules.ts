/**
 * Loaded once per worker before any journey runs (the bundler's `preloadModules`), so that every cached
 * journey shares this one zod instead of evaluating its own (about 1 MB a journey). The SDK freezes what
 * is preloaded, so zod's lazily set module state is set here first: its default locale and memoizer (on
 * the first schema built) and whether it may compile parsers (on the first object parsed), both for any
 * input (a valid one and one with errors). A plain `require('zod')` would be dropped by webpack (zod
 * declares no side effects), hence the re-export. Our own schemas stay per journey.
 */
import * as zod from 'zod';

const warm = zod.object({ text: zod.string().min(1), kind: zod.enum(['a', 'b']), n: zod.number().int().optional() });
warm.safeParse({ text: 'x', kind: 'a' });
warm.safeParse({ text: 1, kind: 'c', n: 0.5 });

export { zod };
