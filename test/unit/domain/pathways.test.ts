import type { Command } from '../../../domain/commands';
import type { PlanLineData } from '../../../domain/events';
import { nextDue } from '../../../domain/schedule';
import type { Actor, Pathway, Stage } from '../../../domain/vocabulary';
import { DAY, Journey, approver, coordinator, manager, person, planFor } from './decider-spec';

const stagePath: Stage[] = ['referral', 'awareness', 'assessment', 'indicative_budget', 'planning', 'sign_off', 'setup', 'active'];

function script(lines: PlanLineData[], signOff: Actor): [Command, Actor][] {
  return [
    [{ type: 'assign_coordinator', coordinator: 'coord-1' }, manager],
    [{ type: 'record_consent', given: true, by: 'person' }, coordinator],
    [
      {
        type: 'record_information_given',
        topics: ['personal_budgets', 'management_options'],
        channel: 'face_to_face',
        format: 'easy_read',
      },
      coordinator,
    ],
    [{ type: 'record_decision', decision: 'proceed' }, person],
    [{ type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] }, coordinator],
    [
      {
        type: 'set_indicative_budget',
        amountPence: 1_000_000,
        method: 'ras',
        trace: [{ label: 'RAS points x rate', amountPence: 1_000_000 }],
      },
      coordinator,
    ],
    [{ type: 'record_budget_told', channel: 'letter' }, coordinator],
    [{ type: 'record_advice_offer', outcome: 'accepted', provider: 'Independent advice service' }, coordinator],
    [{ type: 'submit_plan', outcomes: ['Live at home'], lines, risks: ['Carer breakdown'], contingency: 'Agency cover' }, person],
    [{ type: 'approve_plan' }, signOff],
    [{ type: 'record_support_started', date: '2025-03-20' }, coordinator],
  ];
}

const cases: [Pathway, Actor, PlanLineData[]][] = [
  ['chc', approver, planFor('chc')],
  ['chc_fast_track', approver, planFor('chc_fast_track')],
  ['phb', manager, [{ ...planFor('phb')[0]!, annualCostPence: 1_200_000 }]],
  ['social_care', approver, planFor('social_care')],
  [
    'integrated',
    manager,
    [...planFor('integrated'), { description: 'Respite', fundingStream: 'nhs', managementOption: 'third_party', annualCostPence: 900_000 }],
  ],
];

describe.each(cases)('the %s pathway, from open to active by commands only', (pathway, signOff, lines) => {
  const j = new Journey(pathway, lines);
  for (const [command, actor] of script(lines, signOff)) j.wait(1).run(command, actor);

  it('passes through every stage in order', () => {
    const stages = j.events.filter((e) => e.type === 'stage_changed').map((e) => (e.type === 'stage_changed' ? e.data.to : null));
    expect(stages).toEqual(stagePath);
  });

  it('ends active, waiting on nobody, with every lesson kept that applies', () => {
    expect(j.state).toMatchObject({ status: 'open', stage: 'active', waitingOn: null, pathway, coordinator: 'coord-1' });
    expect(j.state.lessons).toMatchObject({
      toldAboutBudgets: true,
      optionsExplained: true,
      amountTold: true,
      independentAdviceOffered: true,
    });
    expect(j.state.lessons.moneySupportOffered).toBe(lines.some((l) => l.managementOption === 'direct_payment'));
    expect(j.state.nextReviewDue).not.toBeNull();
    expect(nextDue(j.state, DAY)?.kind).toBe('review_invitation');
  });

  it('keeps the budget: indicative told, final costed against it', () => {
    expect(j.state.budget.indicative).toMatchObject({ amountPence: 1_000_000, method: 'ras', toldChannel: 'letter' });
    const total = lines.reduce((sum, l) => sum + l.annualCostPence, 0);
    expect(j.state.budget.final).toMatchObject({ totalPence: total, variancePence: total - 1_000_000 });
  });

  it('numbers the events 1, 2, 3, ... without gaps', () => {
    expect(j.events.map((e) => e.version)).toEqual(j.events.map((_, i) => i + 1));
  });
});
