import type { Principal } from './principal';

/**
 * Who is asking, as every use case receives it: the verified principal, and the request's audit mark.
 * A use case marks the journeys it reads or changes; the adapter writes one audit row per request with
 * the outcome (app/audit.ts), the last mark winning.
 */
export interface Caller {
  principal: Principal;
  audit(journeyIds: string | string[], action: string): void;
}
