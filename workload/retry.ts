/**
 * Concurrent appends upsert shared counter rows of the read models (histograms, daily moves), so two of
 * them can deadlock, and PostgreSQL then aborts one. The aborted transaction wrote nothing; running it
 * again is safe (the live system's activities retry the same way).
 */
const retryable = new Set(['40P01', '40001']); // deadlock detected, serialization failure

export async function withRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !retryable.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
