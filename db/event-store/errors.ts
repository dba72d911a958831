import type { StoredEvent } from './events';

/** The stream is not at the version the writer expected: someone else appended first, or the writer is ahead of the log. */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
    /** When the stream is past `expected`: its events after it, for a writer that adopts them. */
    readonly ahead?: StoredEvent[],
  ) {
    super(`Stream ${streamId} is at version ${actual}, not the expected ${expected}.`);
  }
}

/** An event id of the append is already stored, but not as this append: ids were reused for other events. */
export class EventIdConflict extends Error {
  override readonly name = 'EventIdConflict';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Events ${eventIds.join(', ')} already exist, but not as this append to stream ${streamId}.`);
  }
}
