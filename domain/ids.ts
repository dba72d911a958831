/**
 * The names a journey goes by outside the domain: its event stream and its Temporal workflow. Both are
 * built from the opaque journey id only, never from personal data (workflow ids are stored in plain text).
 */
const JOURNEY_PREFIX = 'journey-';

/** The journey's event stream in the event store. */
export const journeyStreamId = (journeyId: string): string => `${JOURNEY_PREFIX}${journeyId}`;

/** The journey id of a journey's stream, or null for a stream of anything else. */
export const journeyIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(JOURNEY_PREFIX) ? streamId.slice(JOURNEY_PREFIX.length) : null;

/** The journey's workflow in Temporal: one per journey, for its whole life. */
export const journeyWorkflowId = (journeyId: string): string => `${JOURNEY_PREFIX}${journeyId}`;

/** Journey ids are random UUIDs (never personal data): anything else names no journey. */
export const isJourneyId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
