import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { JourneyState } from '../domain/state';

// Search attributes are stored in plain text, even with a payload codec: opaque values only, never personal data.
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const WaitingOn = defineSearchAttributeKey('WaitingOn', SearchAttributeType.KEYWORD);
export const StageEnteredAt = defineSearchAttributeKey('StageEnteredAt', SearchAttributeType.DATETIME);
export const Team = defineSearchAttributeKey('Team', SearchAttributeType.KEYWORD);
export const Pathway = defineSearchAttributeKey('Pathway', SearchAttributeType.KEYWORD);
export const NextDueAt = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);

/**
 * Upserts the journey's search attributes when they differ from what was published last; returns what is
 * published now. Skipping unchanged values keeps an upsert out of history for most commands.
 */
export function publishSearchAttributes(state: JourneyState, nextDueAt: string | null, published: string): string {
  const pairs = searchAttributePairs(state, nextDueAt);
  const fingerprint = JSON.stringify(pairs.map((pair) => pair.value));
  if (fingerprint !== published) upsertSearchAttributes(pairs);
  return fingerprint;
}

/** The journey's search attributes: what a run publishes as it goes, and what a run started from folded state begins with. */
export function searchAttributePairs(state: JourneyState, nextDueAt: string | null) {
  return [
    { key: JourneyStage, value: state.stage },
    { key: WaitingOn, value: state.waitingOn ?? 'nobody' },
    { key: StageEnteredAt, value: state.stageEnteredAt ? new Date(state.stageEnteredAt) : null },
    { key: Team, value: state.team },
    { key: Pathway, value: state.pathway },
    { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
  ];
}
