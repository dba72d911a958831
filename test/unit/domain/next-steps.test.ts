import { duePoints } from '../../../domain/schedule';
import { nextSteps, type NextSteps, type NextStepsInput } from '../../../domain/next-steps/next-steps';
import { dayCount, duration, longDate, pounds } from '../../../domain/next-steps/words';
import { initialState } from '../../../domain/state';
import type { PlanLineData } from '../../../domain/events';
import type { Pathway, Stage } from '../../../domain/vocabulary';
import { DAY, type Journey, approver, journey, manager, notionalNhs, person, submitPlan, system } from './decider-spec';

const team = { name: 'the North team', phone: '0113 496 0000', email: 'north@example.nhs.uk' };
type Format = 'standard' | 'easy_read';

/** The summary of a journey as it is now, or `days` later on its clock. */
function summary(j: Journey, options: Partial<NextStepsInput> & { days?: number } = {}): NextSteps {
  const { days = 0, ...rest } = options;
  return nextSteps({ state: j.state, now: new Date(j.now + days * DAY).toISOString(), contact: team, ...rest });
}

const text = (steps: NextSteps) => steps.sentences.join(' ');
const words = (sentence: string) => sentence.split(/\s+/).filter(Boolean).length;

const jargon = /\b(indicative|RAS|notional|ICB|CCG|commissioners?|workflows?|stages?)\b/i;

/** The readability rules every summary keeps, in both formats. */
function expectReadable(steps: NextSteps, format: Format = 'standard'): void {
  const limit = format === 'easy_read' ? 12 : 20;
  expect(steps.sentences.length).toBeGreaterThan(0);
  for (const sentence of steps.sentences) {
    if (words(sentence) > limit) throw new Error(`Too long (${words(sentence)} words, limit ${limit}): "${sentence}"`);
    expect(words(sentence)).toBeLessThanOrEqual(25);
    expect(sentence).not.toMatch(jargon);
    expect(sentence).toMatch(/^[A-Z0-9£]/);
    expect(sentence).toMatch(/[.?]$/);
    expect(sentence).not.toMatch(/undefined|null|NaN|\[object|coord-1|lead-1|mgr-1|j-1\b/);
  }
  // The fields are the sentences, in order: where, next, (who), how long, budget, contact.
  const all = text(steps);
  expect(all.startsWith(steps.where)).toBe(true);
  expect(all.endsWith(steps.contact)).toBe(true);
  let from = 0;
  for (const part of [steps.where, steps.next, steps.howLong, steps.budget ?? '', steps.contact]) {
    const at = all.indexOf(part, from);
    expect(at).toBeGreaterThanOrEqual(from);
    from = at + part.length;
  }
}

const formats: Format[] = ['standard', 'easy_read'];

describe('every step of an open journey', () => {
  const cases: [Stage, string, RegExp][] = [
    ['referral', 'Our team', /step 1 of 7/],
    ['awareness', 'You', /step 2 of 7/],
    ['assessment', 'A health or care professional from the NHS', /step 3 of 7/],
    ['indicative_budget', 'The finance team at the NHS', /step 4 of 7/],
    ['planning', 'You, with help from your care coordinator', /step 5 of 7/],
    ['sign_off', 'A team leader', /step 6 of 7/],
    ['setup', 'Your care coordinator', /step 7 of 7/],
    ['active', 'No one right now', /support is in place/],
    ['review', 'Your care coordinator', /regular review of your plan/],
  ];

  it.each(cases)('%s: says where, who, how long and who to contact', (stage, who, where) => {
    const steps = summary(journey('phb').to(stage));
    expect(steps.stage).toBe(stage);
    expect(steps.who).toBe(who);
    expect(steps.where).toMatch(where);
    expect(steps.next.length).toBeGreaterThan(0);
    expect(steps.contact).toBe('If you have questions, call the North team on 0113 496 0000 or email north@example.nhs.uk.');
    expectReadable(steps);
  });

  it.each(cases.map(([stage]) => stage))('%s: easy read is shorter, one idea a sentence', (stage) => {
    const j = journey('integrated').to(stage);
    const standard = summary(j);
    const easy = summary(j, { format: 'easy_read' });
    expect(easy.stage).toBe(stage);
    expect(easy.who).toBe(standard.who);
    expectReadable(easy, 'easy_read');
    const average = (s: NextSteps) => s.sentences.reduce((sum, x) => sum + words(x), 0) / s.sentences.length;
    expect(average(easy)).toBeLessThan(average(standard));
  });

  it('says how long until support starts, from policy targets', () => {
    // awareness 14 + assessment 28 + budget 5 + planning 28 + sign-off 10 + setup 14 = 99 days
    expect(summary(journey().to('referral')).howLong).toBe(
      'We expect this step to take up to 5 days. After this step, we expect about 3 months more until your support starts.',
    );
  });

  it('uses how long steps usually take from past journeys when known', () => {
    const typicalDays = { planning: { p50: 21, p90: 63 }, sign_off: { p50: 7, p90: 21 }, setup: { p50: 10, p90: 30 } };
    const steps = summary(journey('chc').to('planning').wait(10), { typicalDays });
    expect(steps.howLong).toBe(
      'This step usually takes about 3 weeks. For some people it takes up to 2 months. It has been 10 days so far. ' +
        'After this step, we expect about 2 weeks more until your support starts.',
    );
  });

  it('counts days in policy days', () => {
    const j = journey().to('awareness').wait(20, 1000);
    expect(summary(j, { policyDayMs: 1000 }).howLong).toContain('It has been 20 days so far.');
    expect(summary(j).howLong).not.toContain('so far');
  });

  it('on the fast track, planning has no set time, and the rest is quick', () => {
    const steps = summary(journey('chc_fast_track').to('planning'));
    // sign-off 1 day + setup 2 days
    expect(steps.howLong).toBe(
      'There is no set time for this step. After this step, we expect about 3 days more until your support starts.',
    );
  });

  it('leaves out the forecast when a later step has neither a target nor a usual length', () => {
    const steps = summary(journey('chc_fast_track').to('assessment'));
    expect(steps.howLong).toBe('We expect this step to take up to 2 days.');
    const known = summary(journey('chc_fast_track').to('assessment'), { typicalDays: { planning: { p50: 3, p90: 7 } } });
    // budget 1 + planning 3 (usual) + sign-off 1 + setup 2
    expect(known.howLong).toContain('After this step, we expect about 7 days more until your support starts.');
  });

  it('tells a journey not yet opened that it has not started', () => {
    const steps = nextSteps({ state: initialState, now: '2025-03-03T09:00:00.000Z' });
    expect(steps).toMatchObject({ stage: 'referral', who: 'Our team', budget: null, contact: 'If you have questions, contact us.' });
    expectReadable(steps);
  });
});

describe('who pays: the NHS or the council, by pathway', () => {
  it.each<[Pathway, string]>([
    ['chc', 'personal health budget is money from the NHS for'],
    ['chc_fast_track', 'personal health budget is money from the NHS for'],
    ['phb', 'personal health budget is money from the NHS for'],
    ['social_care', 'personal budget is money from the council for'],
    ['integrated', 'joint personal budget is money from the NHS and the council for'],
  ])('%s', (pathway, phrase) => {
    const steps = summary(journey(pathway));
    expect(steps.where).toContain(phrase);
    if (pathway === 'social_care') expect(text(steps)).not.toContain('NHS');
  });

  it('explains NHS Continuing Healthcare at a CHC assessment', () => {
    expect(summary(journey('chc').to('assessment')).next).toContain('This is care that the NHS pays for in full.');
  });
});

describe('the next step is the person’s', () => {
  it('at awareness: says what to do, after explaining budgets and the ways to manage them', () => {
    const steps = summary(journey().to('awareness'));
    expect(steps.who).toBe('You');
    expect(steps.sentences).toContain('The next step is yours.');
    expect(steps.next).toContain('Your care coordinator will explain what a personal health budget is.');
    expect(steps.next).toContain('You can let us arrange your support, let an organisation hold the money, or get the money yourself.');
    expect(steps.next).toContain('What you need to do: tell your care coordinator if you want to go ahead.');
  });

  it('at awareness, once told: the decision is theirs', () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    const steps = summary(j);
    expect(steps.where).toContain('You have been told what a personal health budget is and the ways to manage it.');
    expect(steps.next).not.toContain('will explain');
    expect(steps.next).toContain('Next, you decide if you want to go ahead.');
  });

  it('at planning: says what to do, and offers independent advice until it has been offered', () => {
    const j = journey('social_care').to('planning');
    let steps = summary(j);
    expect(steps.next).toContain('What you need to do: make your plan with your care coordinator.');
    expect(steps.next).toContain('Your care coordinator will also offer you independent advice.');
    expect(steps.next).toContain('This is help from people who do not work for the council.');
    j.run({ type: 'record_advice_offer', outcome: 'later' });
    steps = summary(j);
    expect(steps.next).toContain('You can ask for independent advice at any time.');
    expect(steps.next).not.toContain('will also offer you independent advice');
  });

  it('after a plan is returned: says why and what to change', () => {
    const j = journey('chc', [{ ...notionalNhs, annualCostPence: 1_200_000 }]).to('sign_off');
    j.run({ type: 'return_plan', reasons: ['Cost the respite line', 'Add a back-up plan.'] }, approver);
    const steps = summary(j);
    expect(steps.where).toBe(
      'You are at step 5 of 7: making your plan. We have sent your plan back for some changes. ' +
        'Change needed: Cost the respite line. Change needed: Add a back-up plan.',
    );
    expect(steps.next).toContain('What you need to do: change your plan with your care coordinator, then send it again.');
    expect(steps.budget).toContain('The plan you sent costs £12,000 a year. That is £2,000 more than your budget.');
    expectReadable(steps);
    expectReadable(summary(j, { format: 'easy_read' }), 'easy_read');
  });

  it('when the organisation holds the ball, asks nothing of the person', () => {
    for (const stage of ['referral', 'assessment', 'indicative_budget', 'sign_off', 'setup', 'review'] as const) {
      const steps = summary(journey().to(stage));
      expect(steps.next).not.toContain('What you need to do');
      expect(steps.sentences).not.toContain('The next step is yours.');
    }
  });
});

describe('the budget (lesson 3: told, not leaked)', () => {
  const trace = [
    { label: 'Personal care', amountPence: 1_000_000 },
    { label: 'Getting out and about', amountPence: 334_567 },
    { label: 'Your contribution', amountPence: -100_000 },
  ];
  const calculated = () => {
    const j = journey().to('indicative_budget');
    j.run({ type: 'set_indicative_budget', amountPence: 1_234_567, method: 'ras', trace });
    return j;
  };

  it('is null before it is calculated', () => {
    const steps = summary(journey().to('indicative_budget'));
    expect(steps.budget).toBeNull();
    expect(steps.who).toBe('The finance team at the NHS');
    expect(steps.next).toContain('Our finance team is working out how much money you will have each year.');
  });

  it.each(formats)('is null once calculated but not told, and no amount leaks anywhere (%s)', (format) => {
    const steps = summary(calculated(), { format });
    expect(steps.budget).toBeNull();
    expect(steps.who).toBe('Your care coordinator');
    expect(JSON.stringify(steps)).not.toMatch(/£|12,345|1234567|10,000|3,345/);
    expect(steps.next).toContain(
      format === 'standard' ? 'Your care coordinator will tell you the amount soon.' : 'Your care coordinator will tell you how much.',
    );
    expectReadable(steps, format);
  });

  it('once told: the amount a year and how it was worked out, in pounds', () => {
    const j = calculated();
    j.run({ type: 'record_budget_told', channel: 'phone' });
    const steps = summary(j);
    expect(steps.stage).toBe('planning');
    expect(steps.budget).toBe(
      'Your budget is £12,345.67 a year. We told you this on 3 March 2025. ' +
        'We worked it out with a points system that turns your needs into money. This is how we worked it out. ' +
        'Personal care: £10,000. Getting out and about: £3,345.67. Your contribution: minus £1,000.',
    );
    expectReadable(steps);
  });

  it.each<['ready_reckoner' | 'estimate', string]>([
    ['ready_reckoner', 'We worked it out from the hours of support you need and the cost of each hour.'],
    ['estimate', 'This is an early estimate, so it may change when we work out what your plan costs.'],
  ])('explains the %s method in everyday words', (method, sentence) => {
    const j = journey().to('indicative_budget');
    j.run({ type: 'set_indicative_budget', amountPence: 500_000, method, trace: [] });
    j.run({ type: 'record_budget_told', channel: 'letter' });
    expect(summary(j).budget).toBe(`Your budget is £5,000 a year. We told you this on 3 March 2025. ${sentence}`);
  });

  it('shows the plan next to the budget, split by who pays', () => {
    const steps = summary(journey('integrated', undefined, 900_000).to('sign_off'));
    expect(steps.budget).toContain(
      'Your plan costs £10,000 a year. That is £1,000 more than your budget. Of this, the NHS pays £6,000 and the council pays £4,000 a year.',
    );
  });

  it('after a reassessment, hides the new amount until it is told', () => {
    const j = journey().to('review');
    j.run({ type: 'record_advice_offer', outcome: 'later' });
    j.run({ type: 'complete_review', outcome: 'reassess' });
    expect(summary(j).where).toContain('We are looking at your needs again after your review.');
    j.run({ type: 'record_assessment', outcome: 'eligible', needs: ['more care'] });
    expect(summary(j).budget).toContain('Your budget is £10,000 a year.');
    j.run({ type: 'set_indicative_budget', amountPence: 1_500_000, method: 'estimate', trace: [] });
    const steps = summary(j);
    expect(steps.budget).toBeNull();
    expect(JSON.stringify(steps)).not.toMatch(/£/);
    j.run({ type: 'record_budget_told', channel: 'face_to_face' });
    expect(summary(j).budget).toContain('Your budget is £15,000 a year.');
  });

  it('is null once the journey has closed', () => {
    const j = journey().to('active');
    j.run({ type: 'close', reason: 'ended' }, manager);
    expect(summary(j).budget).toBeNull();
  });
});

describe('how long it takes (lesson 7: honestly)', () => {
  it('on time: no apology', () => {
    const steps = summary(journey('chc').to('sign_off').wait(5));
    expect(steps.howLong).toBe(
      'We expect this step to take up to 10 days. It has been 5 days so far. After this step, we expect about 2 weeks more until your support starts.',
    );
  });

  it.each(formats)('late while the organisation holds the ball: says so and apologises (%s)', (format) => {
    const steps = summary(journey('chc').to('sign_off').wait(14), { format });
    expect(steps.who).toBe('A team leader');
    if (format === 'standard') {
      expect(steps.howLong).toContain(
        'It has been 14 days so far. This is taking longer than our target of 10 days. We are sorry for the delay.',
      );
      expect(steps.howLong).not.toContain('A manager knows');
    } else {
      expect(steps.howLong).toContain('This is taking too long. We are sorry.');
    }
    expectReadable(steps, format);
  });

  it('says a manager knows only once the manager alert has been recorded', () => {
    const j = journey('chc').to('sign_off');
    const alert = duePoints(j.state, DAY).find((point) => point.kind === 'manager_alert');
    expect(alert).toBeDefined();
    j.wait(11).run({ type: 'record_reminder', key: alert?.key ?? '' }, system);
    expect(summary(j).howLong).toContain('We are sorry for the delay. A manager knows about the delay and can help move it on.');
  });

  it('a panel has its own, longer target', () => {
    const j = journey('chc', [{ ...notionalNhs, annualCostPence: 2_000_000 }])
      .to('sign_off')
      .wait(14);
    const steps = summary(j);
    expect(steps.who).toBe('A panel of senior staff');
    expect(steps.next).toContain('This is because your plan costs a lot more than your budget.');
    expect(steps.howLong).toContain('We expect this step to take up to 3 weeks.');
    expect(steps.howLong).not.toContain('sorry');
    expect(summary(j.wait(7)).howLong).toContain('This is taking longer than our target of 20 days. We are sorry for the delay.');
  });

  it('late while the person holds the ball: kind, no apology and no blame', () => {
    const steps = summary(journey().to('awareness').wait(20));
    expect(steps.howLong).toBe(
      'We expect this step to take up to 2 weeks. It has been 20 days so far. ' +
        'This is taking longer than expected, and that is fine if you need more time. ' +
        'If you need help, please tell your care coordinator. After this step, we expect about 3 months more until your support starts.',
    );
  });

  it('late against how long it usually takes, when a step has no target', () => {
    const j = journey('chc_fast_track').to('planning').wait(12);
    const steps = summary(j, { typicalDays: { planning: { p50: 4, p90: 10 } } });
    expect(steps.howLong).toContain(
      'This step usually takes about 4 days. For some people it takes up to 10 days. It has been 12 days so far.',
    );
    expect(steps.howLong).toContain('This is taking longer than expected');
  });

  it('an overdue review is late, with an apology', () => {
    const j = journey('social_care').to('active');
    const due = j.state.nextReviewDue ?? '';
    expect(summary(j).howLong).toBe(`Your next review is due by ${longDate(due)}.`);
    const steps = summary(j, { now: `${due}T09:00:00.000Z` });
    expect(steps.howLong).toBe(`Your next review is due by ${longDate(due)}.`);
    const late = nextSteps({ state: j.state, now: new Date(Date.parse(`${due}T00:00:00Z`) + 2 * DAY).toISOString() });
    expect(late.howLong).toBe(
      `Your review was due by ${longDate(due)}, so it is late. We are sorry. Your care coordinator will contact you to arrange it.`,
    );
  });
});

describe('on hold', () => {
  it.each(formats)('says the journey is paused and that reminders stop (%s)', (format) => {
    const j = journey().to('awareness');
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    const steps = summary(j, { format });
    if (format === 'standard') {
      expect(steps.where).toContain('Your journey is paused for now.');
      expect(steps.next).toContain('While it is paused, we will not send you reminders.');
      expect(steps.next).toContain('You do not need to do anything until it restarts.');
    } else {
      expect(steps.where).toContain('Your journey is paused.');
      expect(steps.next).toContain('We will not send you reminders now.');
    }
    expect(steps.next).not.toContain('What you need to do');
    expectReadable(steps, format);
  });

  it('the person’s time stops while paused', () => {
    const j = journey().to('awareness').wait(3);
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    j.wait(30);
    let steps = summary(j);
    expect(steps.howLong).toBe(
      'We expect this step to take up to 2 weeks. It has been 3 days so far. Your time for this step stops while your journey is paused.',
    );
    j.run({ type: 'resume' });
    steps = summary(j, { days: 2 });
    expect(steps.howLong).toContain('It has been 5 days so far.');
    expect(steps.where).not.toContain('paused');
  });

  it('the organisation’s time does not stop: late is still late, and still its apology', () => {
    const j = journey('chc').to('sign_off');
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    const steps = summary(j.wait(14));
    expect(steps.next).not.toContain('You do not need to do anything');
    expect(steps.howLong).toContain('This is taking longer than our target of 10 days. We are sorry for the delay.');
    expect(steps.howLong).toContain('We will tell you how long is left when it restarts.');
  });
});

describe('closed journeys, in kind words', () => {
  const closedBy: [string, (j: Journey) => void, RegExp[]][] = [
    [
      'declined',
      (j) => j.to('awareness').run({ type: 'record_decision', decision: 'decline' }, person),
      [/decided not to have a personal health budget/, /change your mind/],
    ],
    [
      'ineligible',
      (j) => j.to('assessment').run({ type: 'record_assessment', outcome: 'ineligible', needs: [], reason: 'Needs met elsewhere' }),
      [/we decided you cannot get a personal health budget/, /ask us to explain why/, /challenge the decision, and we will tell you how/],
    ],
    [
      'refused',
      (j) => j.to('sign_off').run({ type: 'refuse_plan', reasons: ['Not safe'] }, manager),
      [/did not approve your plan/, /challenge the decision/, /advocate/],
    ],
    [
      'withdrawn',
      (j) => j.to('planning').run({ type: 'withdraw', reason: 'No longer wanted' }, person),
      [/You chose to stop/, /start again/],
    ],
    ['died', (j) => j.to('active').run({ type: 'close', reason: 'died' }), [/very sorry for your loss/]],
    ['moved', (j) => j.to('active').run({ type: 'close', reason: 'moved' }), [/contact the NHS where you now live/]],
    [
      'no_longer_eligible',
      (j) => j.to('review').run({ type: 'close', reason: 'no_longer_eligible' }),
      [/no longer qualify/, /challenge the decision/],
    ],
    ['ended', (j) => j.to('active').run({ type: 'close', reason: 'ended' }), [/personal health budget has ended/]],
    ['other', (j) => j.to('setup').run({ type: 'close', reason: 'other' }), [/care coordinator can tell you why/]],
  ];

  it.each(closedBy)('%s', (reason, close, phrases) => {
    const j = journey();
    close(j);
    expect(j.state.closedReason).toBe(reason);
    const steps = summary(j);
    expect(steps).toMatchObject({ stage: 'closed', who: 'No one', budget: null, howLong: 'Nothing more will happen on this journey.' });
    expect(steps.where).toContain('closed');
    for (const phrase of phrases) expect(text(steps)).toMatch(phrase);
    expectReadable(steps);
    expectReadable(summary(j, { format: 'easy_read' }), 'easy_read');
  });
});

describe('other lessons along the way', () => {
  it('lesson 6: choosing a direct payment brings help with money and staff', () => {
    const steps = summary(journey('phb').to('sign_off'));
    expect(steps.next).toContain(
      'You chose to get the money yourself. We offer help with managing the money and with employing staff, such as personal assistants.',
    );
    expect(summary(journey('chc').to('sign_off')).next).not.toContain('get the money yourself');
  });

  it('setup says who puts support in place, by how the money is managed', () => {
    expect(summary(journey('phb').to('setup')).next).toContain('You may need to sign an agreement and open a separate bank account.');
    const thirdParty: PlanLineData[] = [{ ...notionalNhs, managementOption: 'third_party' }];
    const steps = summary(journey('chc', thirdParty).to('setup'));
    expect(steps.who).toBe('The organisation that will hold your money');
    expect(steps.next).toContain('The organisation that will hold your money is setting up your support.');
    expect(steps.howLong).toContain('We expect this step to take up to 4 weeks.');
  });

  it.each<['safeguarding' | 'spending_concern' | 'needs_changed', string]>([
    ['safeguarding', 'We are reviewing your plan to check that you are safe and well.'],
    ['spending_concern', 'We are reviewing your plan to check how the money is being spent.'],
    ['needs_changed', 'We are reviewing your plan because your needs have changed.'],
  ])('a review for %s says why', (trigger, sentence) => {
    const j = journey().to('active');
    j.run({ type: 'start_review', trigger }, system);
    expect(summary(j).where).toBe(sentence);
  });

  it('a plan amended at review is being changed, not started', () => {
    const j = journey().to('review');
    j.run({ type: 'record_advice_offer', outcome: 'accepted' });
    j.run({ type: 'complete_review', outcome: 'amend' });
    expect(summary(j).where).toContain('After your review, you are changing your plan.');
    j.run(submitPlan([notionalNhs]));
    j.run({ type: 'approve_plan' }, approver);
    expect(summary(j).where).toContain('Good news: we have approved your new plan.');
  });
});

describe('who to contact', () => {
  it.each<[NextStepsInput['contact'], string]>([
    [{ name: 'the North team', phone: '0113 496 0000' }, 'If you have questions, call the North team on 0113 496 0000.'],
    [{ name: 'the North team', email: 'north@example.nhs.uk' }, 'If you have questions, email the North team at north@example.nhs.uk.'],
    [
      { phone: '0113 496 0000', email: 'north@example.nhs.uk' },
      'If you have questions, call us on 0113 496 0000 or email north@example.nhs.uk.',
    ],
    [{ name: 'the North team' }, 'If you have questions, contact the North team.'],
    [{ name: '  ', phone: '' }, 'If you have questions, contact your care coordinator.'],
    [undefined, 'If you have questions, contact your care coordinator.'],
  ])('%o', (contact, sentence) => {
    expect(nextSteps({ state: journey().to('planning').state, now: '2025-04-01T00:00:00.000Z', contact }).contact).toBe(sentence);
  });

  it('before a coordinator is assigned, contact us', () => {
    expect(nextSteps({ state: journey().state, now: '2025-04-01T00:00:00.000Z' }).contact).toBe('If you have questions, contact us.');
  });

  it('easy read: one idea a sentence', () => {
    expect(summary(journey().to('planning'), { format: 'easy_read' }).contact).toBe(
      'If you have questions, contact the North team. Call 0113 496 0000. Or email north@example.nhs.uk.',
    );
  });
});

describe('deterministic', () => {
  it('the same input gives the same summary, without reading the clock', () => {
    const j = journey('integrated').to('sign_off');
    const input: NextStepsInput = { state: j.state, now: '2025-04-01T00:00:00.000Z', contact: team, format: 'standard' };
    const now = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the domain has no clock');
    });
    try {
      expect(nextSteps(input)).toEqual(nextSteps(structuredClone(input)));
    } finally {
      now.mockRestore();
    }
  });

  it('does not change the state it is given', () => {
    const j = journey().to('planning');
    const before = structuredClone(j.state);
    nextSteps({ state: j.state, now: '2025-04-01T00:00:00.000Z' });
    expect(j.state).toEqual(before);
  });
});

describe('wording helpers', () => {
  it.each([
    [1_234_567, '£12,345.67'],
    [100, '£1'],
    [5, '£0.05'],
    [0, '£0'],
    [-150_000, 'minus £1,500'],
    [123_456_789_012, '£1,234,567,890.12'],
  ])('pounds(%d) is %s', (pence, expected) => {
    expect(pounds(pence)).toBe(expected);
  });

  it('dates and durations', () => {
    expect(longDate('2025-06-03')).toBe('3 June 2025');
    expect(longDate('2025-12-31T23:59:59.000Z')).toBe('31 December 2025');
    expect([0.5, 1, 5, 13, 14, 28, 45, 60, 99, 365, 800].map(duration)).toEqual([
      'less than a day',
      '1 day',
      '5 days',
      '13 days',
      '2 weeks',
      '4 weeks',
      '6 weeks',
      '2 months',
      '3 months',
      '12 months',
      '2 years',
    ]);
    expect([1, 28, 60, 90].map(dayCount)).toEqual(['1 day', '28 days', '60 days', '3 months']);
  });
});
