import type { JourneyCommand } from '../domain/commands';
import type { JourneyView } from '../app/journeys/journey-view';

type CommandType = JourneyCommand['type'];

/** The commands that usually move a journey on from each stage, first the likeliest. */
export const nextCommandsByStage: Record<string, CommandType[]> = {
  referral: ['assign_coordinator', 'record_consent'],
  awareness: ['record_information_given', 'record_decision'],
  assessment: ['record_assessment'],
  indicative_budget: ['set_indicative_budget', 'record_budget_told'],
  planning: ['record_information_given', 'record_advice_offer', 'submit_plan'],
  sign_off: ['approve_plan', 'return_plan', 'refuse_plan'],
  setup: ['record_support_started'],
  active: ['request_review'],
  review: ['record_advice_offer', 'complete_review'],
  closed: [],
};

const nonDigital = new Set(['face_to_face', 'phone', 'video', 'letter']);

export interface LessonItem {
  number: number;
  text: string;
  done: boolean;
  status: string;
}

/**
 * The seven lessons (domain.md) as a checklist. Five are kept by the journey's state; lesson 5 (more than
 * a website) is read from how information was given, and lesson 7 (kept informed) from what was sent.
 */
export function lessonChecklist(
  journey: JourneyView,
  events: Array<{ type: string; data: unknown }>,
  messagesToPerson: number,
): LessonItem[] {
  const lessons = journey.lessons;
  const channels = events
    .filter((e) => e.type === 'information_given' || e.type === 'budget_told')
    .map((e) => e.data as { channel?: string; topics?: string[] })
    .flatMap((d) => [d.channel ?? '', ...(d.topics?.includes('peer_support') ? ['peer_support'] : [])]);
  const reached = channels.some((c) => nonDigital.has(c) || c === 'peer_support');
  const directPayment =
    journey.budget.final?.lines?.some((line: { managementOption?: string }) => line.managementOption === 'direct_payment') ?? false;
  const item = (number: number, text: string, done: boolean, pending = 'Not yet'): LessonItem => ({
    number,
    text,
    done,
    status: done ? 'Done' : pending,
  });
  return [
    item(1, 'Told that personal budgets exist', lessons.toldAboutBudgets),
    item(2, 'Ways of managing a budget explained', lessons.optionsExplained),
    item(3, 'Told how much money they have, before planning', lessons.amountTold),
    item(4, 'Offered independent advice', lessons.independentAdviceOffered),
    item(5, 'Reached by letter, phone, face to face or peer support, not only online', reached),
    directPayment || lessons.moneySupportOffered
      ? item(6, 'Offered help with managing money and employing staff', lessons.moneySupportOffered)
      : { number: 6, text: 'Offered help with managing money and employing staff', done: false, status: 'When a direct payment is chosen' },
    item(
      7,
      `Kept informed of where they are and how long it takes (${messagesToPerson} ${messagesToPerson === 1 ? 'message' : 'messages'} sent)`,
      messagesToPerson > 0,
    ),
  ];
}

/** Why the last plan came back, while no new plan has been submitted: what the coordinator must change. */
export function returnedReasons(events: Array<{ type: string; data: unknown }>): string[] | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.type === 'plan_submitted') return null;
    if (event.type === 'plan_returned') return (event.data as { reasons?: string[] }).reasons ?? [];
  }
  return null;
}

/** Why the plan was refused, on a journey the refusal closed: the reasons the approver gave. */
export function refusedReasons(events: Array<{ type: string; data: unknown }>): string[] | null {
  const refusal = [...events].reverse().find((event) => event.type === 'plan_refused');
  return refusal ? ((refusal.data as { reasons?: string[] }).reasons ?? []) : null;
}
