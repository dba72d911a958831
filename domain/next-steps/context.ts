import type { JourneyState } from '../state';
import type { Stage } from '../vocabulary';

/** How long stages usually take, from past journeys: median and 90th percentile, in policy days. */
export type TypicalDays = Partial<Record<Stage, { p50: number; p90: number }>>;

/** What every part of the summary needs to know, worked out once. */
export interface Ctx {
  state: JourneyState;
  easy: boolean;
  /** The caller's clock in epoch milliseconds (NaN when it could not be read). */
  nowMs: number;
  /** The length of one policy day in milliseconds. */
  dayMs: number;
  typicalDays: TypicalDays;
  /** Who pays, in everyday words: 'the NHS', 'the council', 'the NHS and the council'. */
  funder: string;
  /** 'personal health budget', 'personal budget', 'joint personal budget'. */
  budgetName: string;
  /** Support has started before: this step is being taken again after a review. */
  again: boolean;
}

export type Lines = ReadonlyArray<string | false | null | undefined>;

/** The standard sentences or the easy read ones, leaving out the conditional ones that did not apply. */
export function pick(c: Ctx, standard: Lines, easyRead: Lines): string[] {
  return (c.easy ? easyRead : standard).filter((line): line is string => typeof line === 'string' && line.length > 0);
}

/** Where the person is, what happens next, and what they must do themselves (only when they hold the ball). */
export interface StageText {
  where: string[];
  next: string[];
  todo: string[];
}
