import type { PlanLineData } from '../../../domain/events';
import { approver, coordinator, given, journey, manager, notionalNhs } from './decider-spec';

const costing = (annualCostPence: number): PlanLineData[] => [{ ...notionalNhs, annualCostPence }];
const atSignOff = (annualCostPence: number, lines = costing(annualCostPence)) => journey('chc', lines, 1_000_000).to('sign_off');
const teamLead = () => atSignOff(1_050_000);
const managerRoute = () => atSignOff(1_200_000);
const panel = () => atSignOff(2_000_000);

describe('approve_plan', () => {
  it('an approver approves on the team lead route; setup waits on the coordinator for a notional plan', () => {
    given(teamLead())
      .when({ type: 'approve_plan' }, approver)
      .then([
        { type: 'plan_approved', data: { route: 'team_lead' } },
        { type: 'stage_changed', data: { from: 'sign_off', to: 'setup', waitingOn: 'coordinator' } },
      ]);
  });

  it('a manager may approve on the team lead route', () => {
    given(teamLead())
      .when({ type: 'approve_plan' }, manager)
      .then([
        { type: 'plan_approved', data: { route: 'team_lead' } },
        { type: 'stage_changed', data: { from: 'sign_off', to: 'setup', waitingOn: 'coordinator' } },
      ]);
  });

  it('a manager approves on the manager route', () => {
    given(managerRoute())
      .when({ type: 'approve_plan' }, manager)
      .then([
        { type: 'plan_approved', data: { route: 'manager' } },
        { type: 'stage_changed', data: { from: 'sign_off', to: 'setup', waitingOn: 'coordinator' } },
      ]);
  });

  it('refuses an approver on the manager route: a manager must decide', () => {
    const error = given(managerRoute()).when({ type: 'approve_plan' }, approver).thenRejects('needs_manager');
    expect(error.message).toContain('110%');
    expect(error.message).toContain('125%');
  });

  it.each([approver, manager])('on the panel route, %o records the panel decision', (actor) => {
    given(panel())
      .when({ type: 'approve_plan' }, actor)
      .then([
        { type: 'plan_approved', data: { route: 'panel' } },
        { type: 'stage_changed', data: { from: 'sign_off', to: 'setup', waitingOn: 'coordinator' } },
      ]);
  });

  it('setup waits on the provider when a third party holds the budget', () => {
    const events = atSignOff(0, [{ ...notionalNhs, managementOption: 'third_party' }]).run({ type: 'approve_plan' }, approver);
    expect(events.at(-1)).toEqual({ type: 'stage_changed', data: { from: 'sign_off', to: 'setup', waitingOn: 'provider' } });
  });

  it('refuses other roles', () => {
    given(teamLead()).when({ type: 'approve_plan' }, coordinator).thenRejects('not_an_approver');
  });

  it('refuses when no plan waits for sign-off', () => {
    given(journey().to('planning')).when({ type: 'approve_plan' }, approver).thenRejects('wrong_stage');
  });
});

describe('return_plan', () => {
  it('goes back to planning, with the person holding the ball, and keeps the reasons', () => {
    const j = managerRoute();
    expect(j.run({ type: 'return_plan', reasons: ['Cost the respite line', 'Add a contingency'] }, approver)).toEqual([
      { type: 'plan_returned', data: { route: 'manager', reasons: ['Cost the respite line', 'Add a contingency'] } },
      { type: 'stage_changed', data: { from: 'sign_off', to: 'planning', waitingOn: 'person' } },
    ]);
    expect(j.state.returnedReasons).toEqual(['Cost the respite line', 'Add a contingency']);
  });

  it('clears the reasons when the next plan is submitted', () => {
    const j = teamLead();
    j.run({ type: 'return_plan', reasons: ['Too vague'] }, approver);
    j.run({ type: 'submit_plan', outcomes: ['Stay at home'], lines: costing(1_000_000), risks: [] });
    expect(j.state.returnedReasons).toBeNull();
  });

  it('refuses other roles', () => {
    given(teamLead())
      .when({ type: 'return_plan', reasons: ['x'] }, coordinator)
      .thenRejects('not_an_approver');
  });

  it('refuses when no plan waits for sign-off', () => {
    given(journey().to('setup'))
      .when({ type: 'return_plan', reasons: ['x'] }, approver)
      .thenRejects('wrong_stage');
  });
});

describe('refuse_plan', () => {
  it('closes the journey, with the reasons', () => {
    given(panel())
      .when({ type: 'refuse_plan', reasons: ['Not safe', 'Outside policy'] }, manager)
      .then([
        { type: 'plan_refused', data: { route: 'panel', reasons: ['Not safe', 'Outside policy'] } },
        { type: 'stage_changed', data: { from: 'sign_off', to: 'closed', waitingOn: null } },
        { type: 'journey_closed', data: { reason: 'refused', detail: 'Not safe; Outside policy' } },
      ]);
  });

  it('refuses an approver refusing on the manager route', () => {
    given(managerRoute())
      .when({ type: 'refuse_plan', reasons: ['x'] }, approver)
      .thenRejects('needs_manager');
  });

  it('refuses other roles', () => {
    given(teamLead())
      .when({ type: 'refuse_plan', reasons: ['x'] }, coordinator)
      .thenRejects('not_an_approver');
  });

  it('refuses when no plan waits for sign-off', () => {
    given(journey().to('active'))
      .when({ type: 'refuse_plan', reasons: ['x'] }, manager)
      .thenRejects('wrong_stage');
  });
});
