import { summarise, type Summary } from './measure';

export interface OpenLoopResult {
  latency: Summary;
  errors: number;
  sent: number;
  /** How far behind its schedule the last request was sent (ms): large means the client itself could not keep up. */
  lagMs: number;
}

/**
 * An open loop: requests go out at a fixed rate whether or not earlier ones have answered, and each latency is
 * counted from the moment the request was due, so a slow answer is not hidden by the next request waiting
 * (no coordinated omission). The warm-up is sent but not counted.
 */
export async function runOpenLoop(
  rate: number,
  seconds: number,
  warmupSeconds: number,
  send: (index: number) => Promise<boolean>,
): Promise<OpenLoopResult> {
  const interval = 1000 / rate;
  const warmup = Math.round(warmupSeconds * rate);
  const total = warmup + Math.round(seconds * rate);
  const start = performance.now() + 50;
  const latencies: number[] = [];
  const inFlight: Array<Promise<void>> = [];
  let errors = 0;
  let lagMs = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lagMs = Math.max(0, performance.now() - due);
    inFlight.push(
      send(i).then(
        (ok) => {
          if (i < warmup) return;
          if (ok) latencies.push(performance.now() - due);
          else errors += 1;
        },
        () => void (i >= warmup && (errors += 1)),
      ),
    );
  }
  await Promise.all(inFlight);
  return { latency: summarise(latencies), errors, sent: total - warmup, lagMs };
}
