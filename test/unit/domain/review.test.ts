import { given, journey, person, system } from './decider-spec';

const inReview = () => {
  const j = journey('chc').to('active');
  j.run({ type: 'start_review', trigger: 'scheduled' }, system);
  return j;
};
const advisedInReview = () => {
  const j = inReview();
  j.run({ type: 'record_advice_offer', outcome: 'declined' });
  return j;
};

describe('start_review (the workflow, when a review falls due)', () => {
  it('moves active to review, waiting on the coordinator', () => {
    given(journey().to('active'))
      .when({ type: 'start_review', trigger: 'scheduled' }, system)
      .then([
        { type: 'review_started', data: { trigger: 'scheduled' } },
        { type: 'stage_changed', data: { from: 'active', to: 'review', waitingOn: 'coordinator' } },
      ]);
  });

  it('carries a concern as its trigger', () => {
    given(journey().to('active'))
      .when({ type: 'start_review', trigger: 'safeguarding', reason: 'Raised by district nurse' }, system)
      .then([
        { type: 'review_started', data: { trigger: 'safeguarding', reason: 'Raised by district nurse' } },
        { type: 'stage_changed', data: { from: 'active', to: 'review', waitingOn: 'coordinator' } },
      ]);
  });

  it('refuses while a review is in progress', () => {
    given(inReview()).when({ type: 'start_review', trigger: 'scheduled' }, system).thenRejects('review_in_progress');
  });

  it('refuses before support has started', () => {
    given(journey().to('setup')).when({ type: 'start_review', trigger: 'scheduled' }, system).thenRejects('wrong_stage');
  });
});

describe('request_review', () => {
  it('the person asks for a review', () => {
    given(journey().to('active'))
      .when({ type: 'request_review', reason: 'My needs have changed' }, person)
      .then([
        { type: 'review_started', data: { trigger: 'requested', reason: 'My needs have changed' } },
        { type: 'stage_changed', data: { from: 'active', to: 'review', waitingOn: 'coordinator' } },
      ]);
  });

  it('refuses while a review is in progress', () => {
    given(inReview()).when({ type: 'request_review', reason: 'Again' }).thenRejects('review_in_progress');
  });

  it('refuses before support has started', () => {
    given(journey().to('planning')).when({ type: 'request_review', reason: 'x' }).thenRejects('wrong_stage');
  });
});

describe('complete_review', () => {
  it('keep goes back to active, with the next review a year on', () => {
    const j = advisedInReview().wait(3);
    expect(j.run({ type: 'complete_review', outcome: 'keep', notes: 'All well' })).toEqual([
      { type: 'review_completed', data: { outcome: 'keep', notes: 'All well', nextReviewAfterDays: 365 } },
      { type: 'stage_changed', data: { from: 'review', to: 'active', waitingOn: null } },
    ]);
    expect(j.state.nextReviewDue).toBe('2026-03-06');
    expect(j.state.reviewClock).toEqual({ anchorAt: '2025-03-06T09:00:00.000Z', afterDays: 365 });
    expect(j.state.review).toBeNull();
  });

  it('amend goes back to planning, with the person holding the ball', () => {
    given(advisedInReview())
      .when({ type: 'complete_review', outcome: 'amend' })
      .then([
        { type: 'review_completed', data: { outcome: 'amend', nextReviewAfterDays: 365 } },
        { type: 'stage_changed', data: { from: 'review', to: 'planning', waitingOn: 'person' } },
      ]);
  });

  it('reassess goes back to assessment', () => {
    given(advisedInReview())
      .when({ type: 'complete_review', outcome: 'reassess' })
      .then([
        { type: 'review_completed', data: { outcome: 'reassess', nextReviewAfterDays: 365 } },
        { type: 'stage_changed', data: { from: 'review', to: 'assessment', waitingOn: 'assessor' } },
      ]);
  });

  it('lesson 4 again: refuses until advice was offered during this review', () => {
    // Advice offered before the review does not count for it.
    given(inReview()).when({ type: 'complete_review', outcome: 'keep' }).thenRejects('advice_not_offered_at_review');
  });

  it('each review needs its own offer', () => {
    const j = advisedInReview();
    j.run({ type: 'complete_review', outcome: 'keep' });
    j.run({ type: 'request_review', reason: 'Change' }, person);
    given(j).when({ type: 'complete_review', outcome: 'keep' }).thenRejects('advice_not_offered_at_review');
  });

  it('refuses outside a review', () => {
    given(journey().to('active')).when({ type: 'complete_review', outcome: 'keep' }).thenRejects('wrong_stage');
  });

  it('an amended plan goes through sign-off and setup again, and support starting resets the review date', () => {
    const j = advisedInReview();
    j.run({ type: 'complete_review', outcome: 'amend' });
    j.wait(10).to('active');
    expect(j.state.nextReviewDue).toBe('2025-06-12');
  });
});
