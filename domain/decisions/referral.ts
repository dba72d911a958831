import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen } from '../guards';
import { policyFor } from '../policy';
import type { JourneyState } from '../state';
import type { AssignCoordinator, OpenJourney, RecordConsent } from '../commands';
import type { z } from 'zod';

export function openJourney(command: OpenJourney, state: JourneyState): JourneyEvent[] {
  if (state.status !== 'new') reject('already_open', 'This journey is already open.');
  return [
    {
      type: 'journey_opened',
      data: {
        journeyId: command.journeyId,
        pathway: command.pathway,
        team: command.team,
        referralSource: command.referralSource,
        policy: policyFor(command.pathway),
      },
    },
    { type: 'stage_changed', data: { from: null, to: 'referral', waitingOn: 'coordinator' } },
  ];
}

/** Referral is left when a coordinator is assigned and consent is recorded, in either order. */
function leaveReferralIfReady(state: JourneyState, coordinator: string | null, consentGiven: boolean): JourneyEvent[] {
  if (state.stage !== 'referral' || !coordinator || !consentGiven) return [];
  return [{ type: 'stage_changed', data: { from: 'referral', to: 'awareness', waitingOn: 'person' } }];
}

export function assignCoordinator(command: z.infer<typeof AssignCoordinator>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (state.coordinator === command.coordinator)
    reject('already_assigned', 'That coordinator is already assigned to this journey.');
  return [
    { type: 'coordinator_assigned', data: { coordinator: command.coordinator } },
    ...leaveReferralIfReady(state, command.coordinator, state.consent?.given === true),
  ];
}

export function recordConsent(command: z.infer<typeof RecordConsent>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return [
    { type: 'consent_recorded', data: { given: command.given, by: command.by } },
    ...leaveReferralIfReady(state, state.coordinator, command.given),
  ];
}
