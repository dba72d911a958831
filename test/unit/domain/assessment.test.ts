import { given, journey } from './decider-spec';

describe('record_assessment', () => {
  it('eligible moves to indicative_budget, waiting on finance', () => {
    given(journey().to('assessment'))
      .when({ type: 'record_assessment', outcome: 'eligible', needs: ['personal care', 'mobility'] })
      .then([
        { type: 'assessment_recorded', data: { outcome: 'eligible', needs: ['personal care', 'mobility'] } },
        { type: 'stage_changed', data: { from: 'assessment', to: 'indicative_budget', waitingOn: 'finance' } },
      ]);
  });

  it('ineligible closes the journey with the reason', () => {
    given(journey('chc').to('assessment'))
      .when({ type: 'record_assessment', outcome: 'ineligible', needs: [], reason: 'No primary health need' })
      .then([
        { type: 'assessment_recorded', data: { outcome: 'ineligible', needs: [], reason: 'No primary health need' } },
        { type: 'stage_changed', data: { from: 'assessment', to: 'closed', waitingOn: null } },
        { type: 'journey_closed', data: { reason: 'ineligible', detail: 'No primary health need' } },
      ]);
  });

  it('refuses an assessment before the person decided to go ahead', () => {
    given(journey().to('awareness')).when({ type: 'record_assessment', outcome: 'eligible', needs: [] }).thenRejects('wrong_stage');
  });
});
