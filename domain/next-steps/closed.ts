import { type Ctx, pick } from './context';

/** A decision the person may disagree with: they can ask why and how to challenge it. */
const challenge = (c: Ctx) =>
  pick(
    c,
    ['You can ask us to explain why.', 'If you disagree, you can challenge the decision, and we will tell you how.'],
    ['You can ask us why.', 'You can say you disagree.', 'We will tell you how.'],
  );

/** Why a journey closed, in kind words, and what the person can still do. */
export function closedText(c: Ctx): { where: string[]; next: string[] } {
  const B = c.budgetName;
  switch (c.state.closedReason) {
    case 'declined':
      return {
        where: pick(
          c,
          [`You decided not to have a ${B}, so this journey has closed.`],
          ['You said no to a budget.', 'So this journey has closed.'],
        ),
        next: pick(
          c,
          ['That is your choice, and we respect it.', 'If you change your mind, you can contact us at any time.'],
          ['That is OK.', 'You can change your mind.', 'Just contact us.'],
        ),
      };
    case 'ineligible':
      return {
        where: pick(
          c,
          [`After looking at your needs, we decided you cannot get a ${B}.`, 'So this journey has closed.'],
          ['We looked at your needs.', 'You cannot get a budget now.', 'So this journey has closed.'],
        ),
        next: [
          ...pick(c, ['We know this may be hard to hear.'], ['We know this is hard.']),
          ...challenge(c),
          ...pick(c, ['You can also ask us about other help that may suit you.'], ['You can ask us about other help.']),
        ],
      };
    case 'refused':
      return {
        where: pick(
          c,
          ['We did not approve your plan, so this journey has closed.'],
          ['We did not say yes to your plan.', 'So this journey has closed.'],
        ),
        next: [
          ...pick(c, ['We are sorry this is not the news you hoped for.'], ['We are sorry.']),
          ...challenge(c),
          ...pick(
            c,
            ['Someone independent, such as an advocate, can help you with this.'],
            ['An advocate can help you.', 'This is someone on your side.'],
          ),
        ],
      };
    case 'withdrawn':
      return {
        where: pick(c, ['You chose to stop, so this journey has closed.'], ['You chose to stop.', 'So this journey has closed.']),
        next: pick(c, ['If you change your mind, you can contact us to start again.'], ['You can start again.', 'Just contact us.']),
      };
    case 'died':
      return {
        where: pick(
          c,
          ['We are very sorry for your loss.', 'This journey has now closed.'],
          ['We are very sorry for your loss.', 'This journey has closed.'],
        ),
        next: pick(c, ['If there is anything we can help with, please contact us.'], ['Please contact us if you need help.']),
      };
    case 'moved':
      return {
        where: pick(c, ['You have moved to a new area, so this journey has closed.'], ['You have moved.', 'So this journey has closed.']),
        next: pick(
          c,
          [`Please contact ${c.funder} where you now live to ask about a budget there.`],
          [`Contact ${c.funder} where you live now.`, 'They can tell you about a budget there.'],
        ),
      };
    case 'no_longer_eligible':
      return {
        where: pick(
          c,
          [`You no longer qualify for a ${B}, so this journey has closed.`],
          ['You cannot have a budget now.', 'So this journey has closed.'],
        ),
        next: challenge(c),
      };
    case 'ended':
      return {
        where: pick(c, [`Your ${B} has ended, so this journey has closed.`], ['Your budget has ended.', 'So this journey has closed.']),
        next: pick(c, ['If your needs change, please contact us.'], ['Contact us if your needs change.']),
      };
    case 'other':
    case null:
      return {
        where: pick(c, ['This journey has closed.'], ['This journey has closed.']),
        next: pick(c, ['Your care coordinator can tell you why.'], ['Your care coordinator can tell you why.']),
      };
  }
}
