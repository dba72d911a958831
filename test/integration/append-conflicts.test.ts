import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { appendToStream, EventIdConflict, readStream, WrongExpectedVersion, type NewEvent } from '../../db/event-store';
import type { Database } from '../../db/schema';
import { testEnv } from '../support/test-env';

const actor = { sub: 'alice', role: 'coordinator' };
const event = (type: string): NewEvent => ({ eventId: randomUUID(), type, data: {}, actor, occurredAt: new Date().toISOString() });

/** What a writer learns when its append is refused: the events it missed, or the id it reused. */
describe('an append that is refused', () => {
  let db: Kysely<Database>;
  beforeAll(() => {
    db = connectDatabase({ url: testEnv.databaseUrl });
  });
  afterAll(() => db.destroy());

  it('carries the events after the expected version when the stream is ahead', async () => {
    const stream = `test-${randomUUID()}`;
    await appendToStream(db, stream, 0, [event('a'), event('b'), event('c')]);
    const error = await appendToStream(db, stream, 1, [event('x')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    const stored = await readStream(db, stream);
    expect(error).toMatchObject({ expected: 1, actual: 3, ahead: stored.slice(1) });
  });

  it('carries nothing when the stream is behind, and leaves no stream behind it', async () => {
    const stream = `test-${randomUUID()}`;
    const error = await appendToStream(db, stream, 2, [event('a')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(error).toMatchObject({ expected: 2, actual: 0, ahead: undefined });
    expect(await db.selectFrom('streams').select('version').where('stream_id', '=', stream).execute()).toEqual([]);
  });

  it('answers a retry as the first append, even when the stream has moved on since', async () => {
    const stream = `test-${randomUUID()}`;
    const batch = [event('a'), event('b')];
    const first = await appendToStream(db, stream, 0, batch);
    await appendToStream(db, stream, 2, [event('c')]);
    const retry = await appendToStream(db, stream, 0, batch);
    expect(retry).toEqual({ ...first, duplicate: true });
  });

  it('names the stored event id it reused, and writes nothing', async () => {
    const stream = `test-${randomUUID()}`;
    const reused = event('a');
    await appendToStream(db, `test-${randomUUID()}`, 0, [reused]);
    const error = await appendToStream(db, stream, 0, [event('b'), reused]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventIdConflict);
    expect(error).toMatchObject({ streamId: stream, eventIds: [reused.eventId] });
    expect(await readStream(db, stream)).toEqual([]);
  });
});
