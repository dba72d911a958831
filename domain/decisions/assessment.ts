import type { CommandOf } from '../commands';
import type { JourneyEvent } from '../events';
import { requireStage } from '../guards';
import type { JourneyState } from '../state';
import { closeJourney, moveTo } from '../transitions';

/**
 * Needs assessed and eligibility decided, in one command (API v1). The spec's "assessor, then approver"
 * has no command in between, so the assessor holds the ball until the outcome is recorded; a separate
 * ratification step would need a new command (for example CHC, where the ICB ratifies the MDT's
 * recommendation).
 */
export function recordAssessment(command: CommandOf<'record_assessment'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['assessment'], 'Recording an assessment');
  const recorded: JourneyEvent = {
    type: 'assessment_recorded',
    data:
      command.reason === undefined
        ? { outcome: command.outcome, needs: command.needs }
        : { outcome: command.outcome, needs: command.needs, reason: command.reason },
  };
  if (command.outcome === 'ineligible') return [recorded, ...closeJourney(state, 'ineligible', command.reason)];
  return [recorded, moveTo(state, 'indicative_budget', 'finance')];
}
