/**
 * Runs async steps one at a time, in arrival order. Updates interleave at every `await`; a command must
 * decide against the state left by the previous one, so handlers queue here. Deterministic: plain promises.
 */
export function createSerialiser(): <T>(step: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step);
    tail = run.catch(() => undefined);
    return run;
  };
}
