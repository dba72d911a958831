import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes are stored in plain text, even with a payload codec: opaque values only, never personal data.
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const WaitingOn = defineSearchAttributeKey('WaitingOn', SearchAttributeType.KEYWORD);
export const StageEnteredAt = defineSearchAttributeKey('StageEnteredAt', SearchAttributeType.DATETIME);
export const Team = defineSearchAttributeKey('Team', SearchAttributeType.KEYWORD);
export const Pathway = defineSearchAttributeKey('Pathway', SearchAttributeType.KEYWORD);
export const NextDueAt = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
