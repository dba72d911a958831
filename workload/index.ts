/** What the scripts, the demo, the benches and the tests take of the workload generator. */
export { generateWorkload, type WorkloadProgress, type WorkloadResult } from './write-workload';
export { summariseMix } from './mix-summary';
export { mulberry32, hashSeed } from './prng';
export { DAY_MS } from './durations';
export * as workloadMix from './mix';
