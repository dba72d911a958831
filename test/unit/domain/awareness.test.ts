import { given, journey, person } from './decider-spec';

describe('record_information_given', () => {
  it('records topics, channel and format; who told them is the actor', () => {
    given(journey().to('awareness'))
      .when({ type: 'record_information_given', topics: ['personal_budgets', 'personal_budgets'], channel: 'letter', format: 'easy_read' })
      .then([{ type: 'information_given', data: { topics: ['personal_budgets'], channel: 'letter', format: 'easy_read' } }]);
  });

  it('keeps the lessons: told about budgets, options explained, money support offered', () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_information_given', topics: ['personal_budgets'], channel: 'phone' });
    expect(j.state.lessons).toMatchObject({ toldAboutBudgets: true, optionsExplained: false });
    j.run({ type: 'record_information_given', topics: ['management_options', 'money_support'], channel: 'video' });
    expect(j.state.lessons).toMatchObject({ toldAboutBudgets: true, optionsExplained: true, moneySupportOffered: true });
  });

  it('is allowed later in the journey too', () => {
    given(journey().to('planning'))
      .when({ type: 'record_information_given', topics: ['peer_support'], channel: 'email' })
      .then([{ type: 'information_given', data: { topics: ['peer_support'], channel: 'email' } }]);
  });
});

describe('record_decision', () => {
  const told = () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'face_to_face' });
    return j;
  };

  it('proceed moves to assessment, waiting on the assessor', () => {
    given(told())
      .when({ type: 'record_decision', decision: 'proceed' }, person)
      .then([
        { type: 'decision_recorded', data: { decision: 'proceed' } },
        { type: 'stage_changed', data: { from: 'awareness', to: 'assessment', waitingOn: 'assessor' } },
      ]);
  });

  it('decline closes the journey as declined', () => {
    given(journey().to('awareness'))
      .when({ type: 'record_decision', decision: 'decline' }, person)
      .then([
        { type: 'decision_recorded', data: { decision: 'decline' } },
        { type: 'stage_changed', data: { from: 'awareness', to: 'closed', waitingOn: null } },
        { type: 'journey_closed', data: { reason: 'declined' } },
      ]);
  });

  it('defer keeps awareness and the ball with the person', () => {
    const j = journey().to('awareness');
    expect(j.run({ type: 'record_decision', decision: 'defer' }, person)).toEqual([
      { type: 'decision_recorded', data: { decision: 'defer' } },
    ]);
    expect(j.state).toMatchObject({ stage: 'awareness', waitingOn: 'person' });
  });

  it('lesson 1: refuses to go ahead before the person was told about personal budgets', () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_information_given', topics: ['management_options'], channel: 'phone' });
    const error = given(j).when({ type: 'record_decision', decision: 'proceed' }).thenRejects('information_not_given');
    expect(error.message).toContain('what a personal budget is');
    expect(error.message).not.toContain('managed');
  });

  it('lesson 2: refuses to go ahead before the management options were explained', () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_information_given', topics: ['personal_budgets'], channel: 'phone' });
    const error = given(j).when({ type: 'record_decision', decision: 'proceed' }).thenRejects('information_not_given');
    expect(error.message).toContain('notional, third party, direct payment');
  });

  it('names both when neither was given', () => {
    const error = given(journey().to('awareness'))
      .when({ type: 'record_decision', decision: 'proceed' })
      .thenRejects('information_not_given');
    expect(error.message).toMatch(/personal budget is and the ways/);
  });

  it('refuses to go ahead when consent was withdrawn', () => {
    const j = told();
    j.run({ type: 'record_consent', given: false, by: 'person' });
    given(j).when({ type: 'record_decision', decision: 'proceed' }).thenRejects('consent_not_given');
  });

  it('refuses a decision outside awareness', () => {
    given(journey().to('assessment')).when({ type: 'record_decision', decision: 'decline' }).thenRejects('wrong_stage');
  });
});
