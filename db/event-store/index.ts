export { appendToStream, type Projector } from './append';
export { EventIdConflict, WrongExpectedVersion } from './errors';
export { toStoredEvent, type NewEvent, type StoredEvent } from './events';
export { readStream, streamVersion } from './read';
