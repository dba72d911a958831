import type { JourneyEvent } from '../events';
import type { NextSteps } from '../next-steps/next-steps';
import type { JourneyState } from '../state';
import type { DuePointKind, Pathway } from '../vocabulary';

/** When the journey will likely reach its goal, from the timeline's forecast; null when there is none. */
export interface MessageForecast {
  completionP50: string;
  completionP90: string;
  goal: 'support_starts' | 'review_complete';
}

/** What a template needs, worked out once by the renderer. No NHS number, no contact details. */
export interface TemplateContext {
  state: JourneyState;
  pathway: Pathway | null;
  /** The person's summary (in their format): where they are, what next, who, how long, budget, contact. */
  steps: NextSteps;
  easy: boolean;
  /** The event the message answers (a decision's reasons), for event messages. */
  event: JourneyEvent | null;
  /** The timer point a reminder, invitation or apology answers. */
  dueKind: DuePointKind | null;
  forecast: MessageForecast | null;
  budgetName: string;
  funder: string;
}

/** A template's words before the greeting, the copy note and the signature are put round them. */
export interface TemplateText {
  subject: string;
  lines: string[];
}

export type Lines = ReadonlyArray<string | false | null | undefined>;

/** The standard lines or the easy read ones, without the conditional ones that did not apply. */
export function choose(c: TemplateContext, standard: Lines, easyRead: Lines): string[] {
  return (c.easy ? easyRead : standard).filter((line): line is string => typeof line === 'string' && line.length > 0);
}
