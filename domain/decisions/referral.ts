import type { CommandOf } from '../commands';
import type { DecisionContext } from '../context';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen } from '../guards';
import { policyFor } from '../policy';
import type { JourneyState } from '../state';
import { moveTo } from '../transitions';

/** The journey captures its policy now, so that a later change of policy never rewrites it. */
export function openJourney(command: CommandOf<'open_journey'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  if (state.status !== 'new') reject('already_open', 'This journey is already open.');
  return [
    {
      type: 'journey_opened',
      data: {
        journeyId: command.journeyId,
        pathway: command.pathway,
        team: command.team,
        referralSource: command.referralSource,
        policy: context.policy ?? policyFor(command.pathway),
      },
    },
    { type: 'stage_changed', data: { from: null, to: 'referral', waitingOn: 'coordinator' } },
  ];
}

/** Referral is left when a coordinator is assigned and consent is recorded, in either order. */
function leaveReferralIfReady(state: JourneyState, coordinator: string | null, consentGiven: boolean): JourneyEvent[] {
  if (state.stage !== 'referral' || !coordinator || !consentGiven) return [];
  return [moveTo(state, 'awareness', 'person')];
}

/** A coordinator can be assigned, or replaced, at any open stage. */
export function assignCoordinator(command: CommandOf<'assign_coordinator'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (state.coordinator === command.coordinator) reject('already_assigned', 'That coordinator is already assigned to this journey.');
  return [
    { type: 'coordinator_assigned', data: { coordinator: command.coordinator } },
    ...leaveReferralIfReady(state, command.coordinator, state.consent?.given === true),
  ];
}

/** Consent can be recorded, or withdrawn, at any open stage; without it the journey cannot go ahead. */
export function recordConsent(command: CommandOf<'record_consent'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return [
    { type: 'consent_recorded', data: { given: command.given, by: command.by } },
    ...leaveReferralIfReady(state, state.coordinator, command.given),
  ];
}
