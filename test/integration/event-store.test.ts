import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { appendToStream, EventIdConflict, readStream, streamVersion, WrongExpectedVersion, type NewEvent } from '../../db/event-store';
import type { Database } from '../../db/schema';
import { testEnv } from '../support/test-env';

const actor = { sub: 'alice', role: 'coordinator' };
const event = (type: string, data: unknown = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  actor,
  occurredAt: new Date().toISOString(),
});

describe('event store', () => {
  let db: Kysely<Database>;
  beforeAll(() => {
    db = connectDatabase({ url: testEnv.databaseUrl });
  });
  afterAll(() => db.destroy());

  it('appends in order with gap-free versions starting at 1', async () => {
    const stream = `test-${randomUUID()}`;
    await appendToStream(db, stream, 0, [event('a'), event('b')]);
    const result = await appendToStream(db, stream, 2, [event('c')]);
    expect(result).toMatchObject({ version: 3, duplicate: false });
    const events = await readStream(db, stream);
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const positions = events.map((e) => BigInt(e.globalPosition));
    expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!).toBe(true);
    expect(await streamVersion(db, stream)).toBe(3);
  });

  it('keeps data, actor and time as written', async () => {
    const stream = `test-${randomUUID()}`;
    const written = event('budget_set', { amountPence: 1234500, trace: [{ label: 'Hours x rate', amountPence: 1234500 }] });
    await appendToStream(db, stream, 0, [written]);
    const [read] = await readStream(db, stream);
    expect(read).toMatchObject({ eventId: written.eventId, type: 'budget_set', data: written.data, actor, occurredAt: written.occurredAt });
  });

  it('answers a retry with the same event ids without writing anything', async () => {
    const stream = `test-${randomUUID()}`;
    const batch = [event('a'), event('b')];
    const first = await appendToStream(db, stream, 0, batch);
    const retry = await appendToStream(db, stream, 0, batch);
    expect(retry.duplicate).toBe(true);
    expect(retry.version).toBe(2);
    expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await readStream(db, stream)).toHaveLength(2);
  });

  it('refuses an append at the wrong expected version with a typed error, and writes nothing', async () => {
    const stream = `test-${randomUUID()}`;
    await appendToStream(db, stream, 0, [event('a')]);
    const attempt = appendToStream(db, stream, 0, [event('b')]);
    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(attempt).rejects.toMatchObject({ streamId: stream, expected: 0, actual: 1 });
    expect(await readStream(db, stream)).toHaveLength(1);
  });

  it('refuses event ids reused for a different append', async () => {
    const stream = `test-${randomUUID()}`;
    const a = event('a');
    await appendToStream(db, stream, 0, [a]);
    await expect(appendToStream(db, stream, 1, [a, event('b')])).rejects.toBeInstanceOf(EventIdConflict);
    await expect(appendToStream(db, `test-${randomUUID()}`, 0, [a])).rejects.toBeInstanceOf(EventIdConflict);
  });

  it('lets exactly one of many concurrent writers at the same version win', async () => {
    const stream = `test-${randomUUID()}`;
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => appendToStream(db, stream, 0, [event(`w${i}`)])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures).toHaveLength(7);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(WrongExpectedVersion);
    expect(await readStream(db, stream)).toHaveLength(1);
  });

  it('rolls the append back when a read model update fails: log and read models never disagree', async () => {
    const stream = `test-${randomUUID()}`;
    const failing = async () => {
      throw new Error('projection failed');
    };
    await expect(appendToStream(db, stream, 0, [event('a')], [failing])).rejects.toThrow('projection failed');
    expect(await readStream(db, stream)).toHaveLength(0);
    expect(await streamVersion(db, stream)).toBe(0);
  });

  it('refuses UPDATE and DELETE of stored events at the database', async () => {
    const stream = `test-${randomUUID()}`;
    await appendToStream(db, stream, 0, [event('a')]);
    await expect(sql`update events set type = 'x' where stream_id = ${stream}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from events where stream_id = ${stream}`.execute(db)).rejects.toThrow(/append-only/);
  });
});
