import type { JourneyEvent } from '../events';

/** Messages a journey owes the person because something happened (not because a timer fired). */
export const eventTemplates = [
  'welcome',
  'about_budgets',
  'indicative_budget',
  'decision',
  'plan_returned',
  'plan_approved',
  'next_steps',
] as const;
export type EventTemplate = (typeof eventTemplates)[number];

export interface OwedMessage {
  /** The event the message answers: with the journey id, what makes it unique in the outbox. */
  eventId: string;
  template: EventTemplate;
}

/** The template an event asks for, if any, and how much it matters against the others of one command. */
function templateFor(event: JourneyEvent): { template: EventTemplate; rank: number } | null {
  switch (event.type) {
    case 'plan_refused':
      return { template: 'decision', rank: 0 };
    case 'assessment_recorded':
      return event.data.outcome === 'ineligible' ? { template: 'decision', rank: 0 } : null;
    case 'plan_returned':
      return { template: 'plan_returned', rank: 1 };
    case 'plan_approved':
      return { template: 'plan_approved', rank: 2 };
    case 'budget_told':
      return { template: 'indicative_budget', rank: 3 };
    case 'journey_opened':
      return { template: 'welcome', rank: 4 };
    case 'information_given':
      return event.data.topics.some((t) => t === 'personal_budgets' || t === 'management_options')
        ? { template: 'about_budgets', rank: 5 }
        : null;
    case 'stage_changed':
      // The first stage is the welcome's; closing is said by the decision that closed it.
      return event.data.from !== null && event.data.to !== 'closed' ? { template: 'next_steps', rank: 6 } : null;
    default:
      return null;
  }
}

/**
 * The one message the events of one command owe the person, or null. One command sends at most one
 * message, the one that matters most (a decision over the next steps it also brings), so nobody gets two
 * letters for one thing that happened. Pure and deterministic: the workflow calls it.
 *
 * @example
 * messageOwed([{ type: 'budget_told', ..., eventId: 'e1' }, { type: 'stage_changed', ..., eventId: 'e2' }])
 * // { eventId: 'e1', template: 'indicative_budget' }
 */
export function messageOwed(events: ReadonlyArray<JourneyEvent & { eventId: string }>): OwedMessage | null {
  let best: (OwedMessage & { rank: number }) | null = null;
  for (const event of events) {
    const owed = templateFor(event);
    if (owed && (best === null || owed.rank < best.rank)) best = { eventId: event.eventId, ...owed };
  }
  return best && { eventId: best.eventId, template: best.template };
}
