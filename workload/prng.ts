/** A source of uniform numbers in [0, 1), and the few draws the workload needs on top of it. */
export interface Random {
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** One key, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K;
  /** A standard normal draw (Box-Muller). */
  normal(): number;
}

/** mulberry32: 32 bits of state, fast, and good enough for synthetic data (not for secrets). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes 32-bit words into one (murmur3's finaliser per word), so nearby seeds give unrelated streams. */
export function hashSeed(...words: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    h = Math.imul(h ^ (word >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * A seeded `Random`. Each journey gets its own, derived from the workload seed and the journey's index
 * (and a purpose), so journey 7 of seed 42 is the same whatever the batch size or concurrency.
 */
export function createRandom(...seedWords: readonly number[]): Random {
  const next = mulberry32(hashSeed(...seedWords));
  const random: Random = {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number | undefined][];
      const total = entries.reduce((sum, [, w]) => sum + (w ?? 0), 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w ?? 0;
        if (r < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return random;
}
