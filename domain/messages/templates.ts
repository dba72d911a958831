import { clause, longDate, lowerFirst } from '../next-steps/words';
import { challengeLines } from './challenge';
import { choose, type TemplateContext, type TemplateText } from './context';
import type { EventTemplate } from './owed';
import { timelineLines } from './timeline';

/** Every message a journey can send: the event messages, the timer messages, and staff tasks. */
export const templateIds = [
  'welcome',
  'about_budgets',
  'indicative_budget',
  'decision',
  'plan_returned',
  'plan_approved',
  'next_steps',
  'reminder',
  'review_invitation',
  'apology',
  'staff_reminder',
  'call_or_visit',
] as const;
export type TemplateId = (typeof templateIds)[number];
/** Every event message has a template: a compile error here otherwise. */
const _everyEventTemplateIsATemplate: EventTemplate extends TemplateId ? true : never = true;

const sentences = (text: string | null) => (text ? [text] : []);
/** Where they are, what happens next and who is doing it: the heart of every message to the person. */
const whereNext = (c: TemplateContext) => [c.steps.where, c.steps.next, ...holder(c)];

/** Who holds the ball, said as the person's summary says it; nothing when nobody does. */
function holder(c: TemplateContext): string[] {
  const { state } = c;
  if (state.status !== 'open' || state.waitingOn === null) return [];
  return state.waitingOn === 'person' ? ['The next step is yours.'] : [`This step is with ${lowerFirst(c.steps.who)}.`];
}

function reasonsOf(c: TemplateContext): string[] {
  const e = c.event;
  const reasons =
    e?.type === 'plan_refused' || e?.type === 'plan_returned'
      ? e.data.reasons
      : e?.type === 'assessment_recorded' && e.data.reason
        ? [e.data.reason]
        : [];
  return reasons.map((r) => `- ${clause(r)}.`);
}

export const englishTemplates: Record<TemplateId, (c: TemplateContext) => TemplateText> = {
  welcome: (c) => ({
    subject: `Your ${c.budgetName}: what happens now`,
    lines: [
      ...choose(
        c,
        [
          `We have started work on your ${c.budgetName}.`,
          `A ${c.budgetName} is money from ${c.funder} to pay for your support. You will be told how much it is, and you can plan how to use it in the way that suits you.`,
        ],
        [
          `We have started work on your ${c.budgetName}.`,
          'This is money for your support.',
          'We will tell you how much.',
          'You can plan how to use it.',
        ],
      ),
      ...whereNext(c),
      ...timelineLines(c),
      c.steps.howLong,
    ],
  }),
  about_budgets: (c) => ({
    subject: `Your ${c.budgetName} and your choices`,
    lines: choose(
      c,
      [
        `This is what we talked about: what a ${c.budgetName} is, and the ways it can be managed.`,
        `A ${c.budgetName} is an amount of money from ${c.funder} for your support. You will know the amount before you plan.`,
        'There are three ways to manage it, and you can mix them:',
        '- We hold the money and arrange the support you choose (a notional budget).',
        '- An organisation you choose holds the money and pays for your support (a third party budget).',
        '- You hold the money yourself (a direct payment). We can help you manage it and employ staff if you want to.',
        'You can also get free advice from people who do not work for us (independent advice), and talk to other people who have a budget.',
        ...whereNext(c),
      ],
      [
        `A ${c.budgetName} is money for your support.`,
        'You can choose how it is looked after:',
        '- We look after it for you.',
        '- Another organisation looks after it.',
        '- You look after it yourself. We can help you.',
        'You can get free advice from people who do not work for us.',
        ...whereNext(c),
      ],
    ),
  }),
  indicative_budget: (c) => ({
    subject: `Your ${c.budgetName}: how much it is`,
    lines: [
      ...sentences(c.steps.budget),
      ...choose(
        c,
        ['This is the amount to plan with. The final amount is agreed when your plan is signed off.'],
        ['Use this amount to make your plan.'],
      ),
      ...whereNext(c),
      ...timelineLines(c),
    ],
  }),
  decision: (c) => {
    const ineligible = c.event?.type === 'assessment_recorded';
    return {
      subject: ineligible ? 'Our decision about your eligibility' : 'Our decision about your plan',
      lines: [
        ...(ineligible
          ? choose(
              c,
              [`We have decided that you are not eligible for a ${c.budgetName}.`],
              [`We have decided you cannot have a ${c.budgetName}.`],
            )
          : choose(c, ['We have decided not to agree your plan.'], ['We have said no to your plan.'])),
        ...choose(c, ['These are the reasons:'], ['This is why:']),
        ...reasonsOf(c),
        ...challengeLines(c, ineligible),
      ],
    };
  },
  plan_returned: (c) => ({
    subject: 'Your plan needs some changes',
    lines: [
      ...choose(
        c,
        ['Your plan has been looked at, and it needs some changes before it can be agreed. These are the reasons:'],
        ['Your plan needs some changes.', 'This is why:'],
      ),
      ...reasonsOf(c),
      ...whereNext(c),
      ...timelineLines(c),
    ],
  }),
  plan_approved: (c) => ({
    subject: 'Your plan has been agreed',
    lines: [
      ...choose(c, ['Good news: your plan has been agreed.'], ['Good news.', 'Your plan is agreed.']),
      ...whereNext(c),
      ...timelineLines(c),
      c.steps.howLong,
    ],
  }),
  next_steps: (c) => ({
    subject: `Your ${c.budgetName}: what happens next`,
    lines: [...whereNext(c), c.steps.howLong, ...timelineLines(c)],
  }),
  reminder: (c) => ({
    subject: c.dueKind === 'person_letter' ? 'We have not heard from you' : 'A reminder: the next step is yours',
    lines: [
      ...(c.dueKind === 'person_letter'
        ? choose(c, ['We have written to you because we have not heard from you for a while.'], ['We have not heard from you.'])
        : choose(c, ['This is a reminder that the next step is yours.'], ['This is a reminder.', 'The next step is yours.'])),
      ...whereNext(c),
      ...choose(c, ['If you need help, or you do not want to go on, please tell us.'], ['Do you need help?', 'Please tell us.']),
    ],
  }),
  review_invitation: (c) => ({
    subject: `Your ${c.budgetName} review`,
    lines: [
      ...choose(
        c,
        [
          `It is nearly time to review your ${c.budgetName}${c.state.nextReviewDue ? `: the review is due by ${longDate(c.state.nextReviewDue)}` : ''}.`,
          'Your care coordinator will contact you to arrange it. Think about what is working well for you and what you would like to change.',
          'You can have free independent advice for your review, from people who do not work for us.',
        ],
        [
          'It is time to look at your budget again.',
          'Your care coordinator will contact you.',
          'Think about what is good and what you want to change.',
          'You can get free advice.',
        ],
      ),
      c.steps.howLong,
    ],
  }),
  apology: (c) => ({
    subject: 'We are sorry for the wait',
    lines: [
      ...choose(c, ['We are sorry: this step is taking us longer than it should.'], ['We are sorry.', 'We are taking too long.']),
      ...whereNext(c),
      c.steps.howLong,
      ...timelineLines(c),
    ],
  }),
  staff_reminder: (c) => ({
    subject: `Journey needs attention: ${c.dueKind ?? 'reminder'}`,
    lines: [`Stage: ${c.state.stage}. Waiting on: ${c.state.waitingOn ?? 'nobody'}.`],
  }),
  call_or_visit: (c) => ({
    subject: 'Phone or visit the person',
    lines: [`The person has not answered, or could not be reached in writing. Stage: ${c.state.stage}.`],
  }),
};
