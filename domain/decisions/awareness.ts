import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen, requireStage } from '../guards';
import type { JourneyState } from '../state';
import { closeJourney, moveTo } from '../transitions';

/**
 * Lessons 1, 2 and 5: what the person was told, how (channel) and in what format. Allowed at any open
 * stage, because information about peer support or money support often comes later. Who told them is
 * the event's actor.
 */
export function recordInformationGiven(command: CommandOf<'record_information_given'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  const topics = [...new Set(command.topics)];
  return [
    {
      type: 'information_given',
      data:
        command.format === undefined ? { topics, channel: command.channel } : { topics, channel: command.channel, format: command.format },
    },
  ];
}

/** People can't choose a budget they have never heard of, nor among options they don't know (lessons 1, 2). */
function requireToldEnoughToChoose(state: JourneyState): void {
  const missing = [
    ...(state.lessons.toldAboutBudgets ? [] : ['what a personal budget is']),
    ...(state.lessons.optionsExplained ? [] : ['the ways it can be managed (notional, third party, direct payment)']),
  ];
  if (missing.length > 0)
    reject(
      'information_not_given',
      `The person cannot decide to go ahead before they have been told ${missing.join(' and ')}. ` +
        'Record that information first (record_information_given), then record their decision.',
    );
}

/**
 * The person's decision at awareness. `defer` records that they want more time: the stage and the ball
 * stay with them, and their reminders keep their original dates (the spec is silent; a deferral is not a
 * reply that restarts the clock).
 */
export function recordDecision(command: CommandOf<'record_decision'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['awareness'], 'Recording the decision to go ahead');
  const recorded: JourneyEvent = { type: 'decision_recorded', data: { decision: command.decision } };
  switch (command.decision) {
    case 'defer':
      return [recorded];
    case 'decline':
      return [recorded, ...closeJourney(state, 'declined')];
    case 'proceed':
      if (state.consent?.given !== true)
        reject(
          'consent_not_given',
          "The person's consent is not on record (it was withdrawn). Record their consent (record_consent) before going ahead.",
        );
      requireToldEnoughToChoose(state);
      // The spec names no party who assesses first: the ball goes to the assessor.
      return [recorded, moveTo(state, 'assessment', 'assessor')];
  }
}
