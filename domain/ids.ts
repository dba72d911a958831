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

const hex = (text: string): string => [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * A task's id: its journey and its key within the journey, so that anything can name it without asking
 * the database, and in URLs without escaping. Opaque to clients.
 */
export const taskIdOf = (journeyId: string, key: string): string => `${journeyId}~${hex(key)}`;

/** The journey and key a task id names, or null for a string that is not a task id. */
export function parseTaskId(taskId: string): { journeyId: string; key: string } | null {
  const match = /^([0-9a-f-]{36})~((?:[0-9a-f]{2})+)$/i.exec(taskId);
  if (!match || !isJourneyId(match[1]!)) return null;
  const bytes = new Uint8Array(match[2]!.match(/../g)!.map((pair) => parseInt(pair, 16)));
  return { journeyId: match[1]!, key: new TextDecoder().decode(bytes) };
}
