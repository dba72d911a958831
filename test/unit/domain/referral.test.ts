import { defaultPolicies } from '../../../domain/policy';
import { given, journey, manager, stateFrom } from './decider-spec';
import type { JourneyEvent } from '../../../domain/events';
import type { Policy } from '../../../domain/policy';
import { decide } from '../../../domain/decide';

const opened: JourneyEvent[] = [
  { type: 'journey_opened', data: { journeyId: 'j-1', pathway: 'phb', team: 'north', referralSource: 'gp', policy: defaultPolicies.phb } },
  { type: 'stage_changed', data: { from: null, to: 'referral', waitingOn: 'coordinator' } },
];

describe('open_journey', () => {
  it('opens at referral, waiting on a coordinator, with the pathway policy captured', () => {
    given([]).when({ type: 'open_journey', journeyId: 'j-1', pathway: 'phb', team: 'north', referralSource: 'gp' }).then(opened);
  });

  it("captures the area's policy when one is given", () => {
    const areaPolicy: Policy = { ...defaultPolicies.phb, version: 7 };
    const events = decide({ type: 'open_journey', journeyId: 'j-2', pathway: 'phb', team: 'north', referralSource: 'gp' }, stateFrom([]), {
      actor: manager,
      policy: areaPolicy,
    });
    expect(events[0]).toMatchObject({ type: 'journey_opened', data: { policy: { version: 7 } } });
  });

  it('refuses to open a journey twice', () => {
    given(opened)
      .when({ type: 'open_journey', journeyId: 'j-1', pathway: 'phb', team: 'north', referralSource: 'gp' })
      .thenRejects('already_open');
  });
});

describe('assign_coordinator', () => {
  it('assigns without leaving referral while consent is missing', () => {
    given(opened)
      .when({ type: 'assign_coordinator', coordinator: 'coord-1' })
      .then([{ type: 'coordinator_assigned', data: { coordinator: 'coord-1' } }]);
  });

  it('moves to awareness, waiting on the person, once consent is on record', () => {
    given([...opened, { type: 'consent_recorded', data: { given: true, by: 'representative' } }])
      .when({ type: 'assign_coordinator', coordinator: 'coord-1' }, manager)
      .then([
        { type: 'coordinator_assigned', data: { coordinator: 'coord-1' } },
        { type: 'stage_changed', data: { from: 'referral', to: 'awareness', waitingOn: 'person' } },
      ]);
  });

  it('reassigns later without moving the stage', () => {
    given(journey().to('planning'))
      .when({ type: 'assign_coordinator', coordinator: 'coord-2' })
      .then([{ type: 'coordinator_assigned', data: { coordinator: 'coord-2' } }]);
  });

  it('refuses the coordinator already assigned', () => {
    given([...opened, { type: 'coordinator_assigned', data: { coordinator: 'coord-1' } }])
      .when({ type: 'assign_coordinator', coordinator: 'coord-1' })
      .thenRejects('already_assigned');
  });

  it('refuses a journey that was never opened', () => {
    given([]).when({ type: 'assign_coordinator', coordinator: 'coord-1' }).thenRejects('journey_not_open');
  });
});

describe('record_consent', () => {
  it('moves to awareness once a coordinator is assigned', () => {
    given([...opened, { type: 'coordinator_assigned', data: { coordinator: 'coord-1' } }])
      .when({ type: 'record_consent', given: true, by: 'person' })
      .then([
        { type: 'consent_recorded', data: { given: true, by: 'person' } },
        { type: 'stage_changed', data: { from: 'referral', to: 'awareness', waitingOn: 'person' } },
      ]);
  });

  it('records a refusal without leaving referral', () => {
    given([...opened, { type: 'coordinator_assigned', data: { coordinator: 'coord-1' } }])
      .when({ type: 'record_consent', given: false, by: 'person' })
      .then([{ type: 'consent_recorded', data: { given: false, by: 'person' } }]);
  });

  it('refuses a closed journey', () => {
    given([
      ...opened,
      { type: 'stage_changed', data: { from: 'referral', to: 'closed', waitingOn: null } },
      { type: 'journey_closed', data: { reason: 'other' } },
    ])
      .when({ type: 'record_consent', given: true, by: 'person' })
      .thenRejects('journey_closed');
  });
});
