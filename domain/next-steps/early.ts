import type { Ctx, StageText } from './context';
import { pick } from './context';

// Steps 1 to 4: from the referral until the person has been told their budget (lessons 1, 2 and 3).

export function referral(c: Ctx): StageText {
  const { coordinator, consent } = c.state;
  const B = c.budgetName;
  return {
    where: pick(
      c,
      [`We have received a referral for a ${B} for you.`, `A ${B} is money from ${c.funder} for your care and support.`],
      [`We have a request for a ${B} for you.`, 'This is money for your care.', `The money comes from ${c.funder}.`],
    ),
    next: [
      ...(coordinator
        ? []
        : pick(
            c,
            ['We will give you a care coordinator.', 'This is the person who helps you through each step.'],
            ['We will give you a care coordinator.', 'They help you at each step.'],
          )),
      ...(consent?.given === false
        ? pick(
            c,
            ['We need your permission to go ahead.', 'Your care coordinator will talk to you about this.'],
            ['We need your OK to go ahead.', 'Your care coordinator will talk to you.'],
          )
        : pick(
            c,
            ['Your care coordinator will ask if you are happy for us to go ahead.'],
            ['Your care coordinator will ask if you want to go ahead.'],
          )),
    ],
    todo: [],
  };
}

export function awareness(c: Ctx): StageText {
  const { toldAboutBudgets: told, optionsExplained: options } = c.state.lessons;
  const B = c.budgetName;
  return {
    where:
      told && options
        ? pick(
            c,
            [`You have been told what a ${B} is and the ways to manage it.`],
            ['You know what a budget is.', 'You know the ways to manage it.'],
          )
        : pick(c, [`We are telling you about ${B}s and how they work.`], [`We are telling you about ${B}s.`]),
    next: [
      ...(told
        ? []
        : pick(
            c,
            [`Your care coordinator will explain what a ${B} is.`, `It is money from ${c.funder} for your care and support.`],
            [`Your care coordinator will explain what a ${B} is.`, 'It is money for your care.', `The money comes from ${c.funder}.`],
          )),
      ...(options
        ? []
        : pick(
            c,
            [
              told
                ? 'Your care coordinator will explain the ways to manage the money.'
                : 'They will also explain the ways to manage the money.',
              'You can let us arrange your support, let an organisation hold the money, or get the money yourself.',
            ],
            [
              'There are 3 ways to manage the money.',
              'We can arrange your support for you.',
              'Or an organisation can hold the money for you.',
              'Or you can get the money yourself.',
            ],
          )),
      ...pick(
        c,
        [told && options ? 'Next, you decide if you want to go ahead.' : 'Then you decide if you want to go ahead.'],
        ['Then you decide if you want it.'],
      ),
    ],
    todo: pick(
      c,
      ['What you need to do: tell your care coordinator if you want to go ahead.', 'You can ask questions first, or take time to think.'],
      ['Please tell your care coordinator what you decide.', 'You can ask questions first.', 'You can take time to think.'],
    ),
  };
}

export function assessment(c: Ctx): StageText {
  const chc = c.state.pathway === 'chc' || c.state.pathway === 'chc_fast_track';
  const fast = c.state.pathway === 'chc_fast_track';
  return {
    where: c.again
      ? pick(c, ['We are looking at your needs again after your review.'], ['We are looking at your needs again.'])
      : pick(
          c,
          ['You have decided to go ahead.', 'Now we are looking at your needs.'],
          ['You said yes to going ahead.', 'Now we look at your needs.'],
        ),
    next: pick(
      c,
      [
        'A health or care professional will talk with you about the help you need.',
        chc && 'They will check if you qualify for NHS Continuing Healthcare.',
        chc && 'This is care that the NHS pays for in full.',
        c.again ? 'Then they will decide what support you can get now.' : `Then they will decide if you can get a ${c.budgetName}.`,
        fast && 'Your care is urgent, so we will do this as quickly as we can.',
        'You can have a family member, friend or advocate with you.',
      ],
      [
        'Someone will talk with you about your needs.',
        chc && 'They check if the NHS will pay for all your care.',
        c.again ? 'Then they decide what support you can get.' : 'Then they decide if you can get a budget.',
        fast && 'We will do this very quickly.',
        'You can have someone with you.',
      ],
    ),
    todo: [],
  };
}

export function indicativeBudget(c: Ctx): StageText {
  const calculated = c.state.budget.indicative !== null && !c.state.lessons.amountTold;
  return {
    where: [
      ...(c.again
        ? pick(c, ['We have finished looking at your needs again.'], ['We have looked at your needs again.'])
        : pick(c, [`You can get a ${c.budgetName}.`], ['You can get a budget.'])),
      ...(calculated ? pick(c, ['We have worked out your budget.'], ['We have worked out your budget.']) : []),
    ],
    next: [
      ...(calculated
        ? pick(
            c,
            ['Your care coordinator will tell you the amount soon.', 'They will also explain how we worked it out.'],
            ['Your care coordinator will tell you how much.', 'They will explain how we worked it out.'],
          )
        : pick(
            c,
            [
              'Our finance team is working out how much money you will have each year.',
              'Then your care coordinator will tell you the amount.',
            ],
            ['We are working out how much money you get.', 'Your care coordinator will tell you.'],
          )),
      ...pick(c, ['You will know the amount before you start planning.'], ['You will know it before you make a plan.']),
    ],
    todo: [],
  };
}
