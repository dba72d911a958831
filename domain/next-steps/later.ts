import { choosesDirectPayment, slowestOption } from '../money';
import type { Ctx, StageText } from './context';
import { pick } from './context';
import { clause, duration } from './words';

// Steps 5 to 7, then support in place and its reviews: the plan, its approval, setting it up (lessons 4 and 6).

const independentAdvice = (c: Ctx) =>
  pick(
    c,
    ['Your care coordinator will also offer you independent advice.', `This is help from people who do not work for ${c.funder}.`],
    ['You can get advice from someone independent.', `They do not work for ${c.funder}.`],
  );

/** Lesson 6: choosing a direct payment brings help with the money and with employing staff. */
function moneySupport(c: Ctx): string[] {
  if (!choosesDirectPayment(c.state.budget.final?.lines)) return [];
  return pick(
    c,
    [
      'You chose to get the money yourself.',
      'We offer help with managing the money and with employing staff, such as personal assistants.',
    ],
    ['You chose to get the money yourself.', 'We can help you manage the money.', 'We can help you employ staff.'],
  );
}

export function planning(c: Ctx): StageText {
  const returned = c.state.returnedReasons;
  const changes = (returned ?? []).map((reason) => `Change needed: ${clause(reason)}.`);
  const adviceOffered = c.state.lessons.independentAdviceOffered;
  return {
    where: returned
      ? pick(
          c,
          ['We have sent your plan back for some changes.', ...changes],
          ['Your plan came back.', 'It needs some changes.', ...changes],
        )
      : c.again
        ? pick(c, ['After your review, you are changing your plan.'], ['You are changing your plan.'])
        : pick(c, ['You know your budget, and now you are making your plan.'], ['You know your budget.', 'Now you make your plan.']),
    next: [
      ...pick(
        c,
        ['Your plan says how you will use your budget to meet your needs and goals.', 'Your care coordinator can help you with it.'],
        ['Your plan says how you will spend the money.', 'Your care coordinator can help.'],
      ),
      ...(adviceOffered
        ? pick(c, ['You can ask for independent advice at any time.'], ['You can ask for independent advice at any time.'])
        : independentAdvice(c)),
      ...pick(c, ['When your plan is ready, it goes to be approved.'], ['Then someone checks your plan.']),
    ],
    todo: returned
      ? pick(
          c,
          ['What you need to do: change your plan with your care coordinator, then send it again.'],
          ['Please change your plan with your care coordinator.', 'Then send it again.'],
        )
      : pick(
          c,
          ['What you need to do: make your plan with your care coordinator.', 'Tell them when it is ready.'],
          ['Please make your plan with your care coordinator.', 'Tell them when it is ready.'],
        ),
  };
}

export function signOff(c: Ctx): StageText {
  const route = c.state.budget.signOffRoute;
  const checker =
    route === 'panel'
      ? pick(
          c,
          ['A panel of senior staff will look at your plan.', 'This is because your plan costs a lot more than your budget.'],
          ['A group of senior staff will check it.', 'This is because it costs a lot more than your budget.'],
        )
      : route === 'manager'
        ? pick(
            c,
            ['A manager will check your plan.', 'This is because your plan costs more than your budget.'],
            ['A manager will check it.', 'This is because it costs more than your budget.'],
          )
        : pick(c, ['A team leader will check your plan.'], ['A team leader will check it.']);
  return {
    where: pick(c, ['We have your plan, and we are checking it.'], ['We have your plan.', 'We are checking it.']),
    next: [
      ...checker,
      ...pick(
        c,
        ['They will approve it or ask for changes.', 'If they ask for changes, we will tell you why.'],
        ['They can say yes.', 'Or they can ask for changes.', 'We will tell you why.'],
      ),
      ...moneySupport(c),
    ],
    todo: [],
  };
}

export function setup(c: Ctx): StageText {
  const option = slowestOption(c.state.budget.final?.lines ?? []);
  const arranging =
    c.state.waitingOn === 'provider'
      ? pick(
          c,
          ['The organisation that will hold your money is setting up your support.'],
          ['An organisation will hold your money.', 'They are setting up your support.'],
        )
      : option === 'direct_payment'
        ? pick(
            c,
            ['Your care coordinator is setting up your payments.', 'You may need to sign an agreement and open a separate bank account.'],
            [
              'Your care coordinator is setting up your payments.',
              'You may need to sign an agreement.',
              'You may need a new bank account.',
            ],
          )
        : pick(c, ['Your care coordinator is arranging the support in your plan.'], ['Your care coordinator is arranging your support.']);
  return {
    where: pick(
      c,
      [c.again ? 'Good news: we have approved your new plan.' : 'Good news: we have approved your plan.'],
      ['Good news.', 'We said yes to your plan.'],
    ),
    next: [
      ...arranging,
      ...pick(c, ['Your support starts with the first service or the first payment.'], ['We will tell you when it starts.']),
      ...moneySupport(c),
    ],
    todo: [],
  };
}

export function active(c: Ctx): StageText {
  const invite = c.state.policy?.reviews.inviteBeforeDays;
  return {
    where: pick(c, ['Your support is in place.'], ['Your support has started.']),
    next: pick(
      c,
      [
        'We will talk with you to review how your support is going.',
        invite !== undefined && invite > 0 && `We will invite you about ${duration(invite)} before the review.`,
        'If your needs change, you can ask for a review at any time.',
      ],
      [
        'We will check with you how your support is going.',
        'This is called a review.',
        'We will invite you first.',
        'You can ask for a review at any time.',
      ],
    ),
    todo: [],
  };
}

export function review(c: Ctx): StageText {
  const adviceOffered = c.state.review?.adviceOffered ?? false;
  let why: string[];
  switch (c.state.review?.trigger ?? 'scheduled') {
    case 'scheduled':
      why = pick(c, ['It is time for the regular review of your plan.'], ['It is time to check your plan.', 'This is called a review.']);
      break;
    case 'requested':
      why = pick(c, ['We are reviewing your plan, as asked.'], ['We are checking your plan, as asked.']);
      break;
    case 'needs_changed':
      why = pick(
        c,
        ['We are reviewing your plan because your needs have changed.'],
        ['Your needs have changed.', 'So we are checking your plan.'],
      );
      break;
    case 'safeguarding':
      why = pick(
        c,
        ['We are reviewing your plan to check that you are safe and well.'],
        ['We are checking your plan.', 'We want to make sure you are safe.'],
      );
      break;
    case 'spending_concern':
      why = pick(
        c,
        ['We are reviewing your plan to check how the money is being spent.'],
        ['We are checking your plan.', 'We need to check how the money is spent.'],
      );
      break;
  }
  return {
    where: why,
    next: [
      ...pick(
        c,
        [
          'Your care coordinator will talk with you about how your support is going.',
          'Together, you will decide to keep your plan, change it, or look at your needs again.',
        ],
        [
          'Your care coordinator will talk with you.',
          'You can keep your plan.',
          'Or you can change it.',
          'Or we can look at your needs again.',
        ],
      ),
      ...(adviceOffered ? [] : independentAdvice(c)),
    ],
    todo: [],
  };
}
