import { createHealthCheck } from '../../../app/health';

describe('the health check', () => {
  it('asks the database and Temporal once however often it is asked within a second, then again', async () => {
    let now = 0;
    const asked = { database: 0, temporal: 0 };
    const health = createHealthCheck(
      {
        database: async () => void asked.database++,
        temporal: async () => void asked.temporal++,
      },
      () => now,
    );
    const answers = await Promise.all(Array.from({ length: 50 }, () => health()));
    expect(answers.every((a) => a.healthy)).toBe(true);
    expect(asked).toEqual({ database: 1, temporal: 1 });
    now = 999;
    await health();
    expect(asked).toEqual({ database: 1, temporal: 1 });
    now = 1001;
    await health();
    expect(asked).toEqual({ database: 2, temporal: 2 });
  });

  it('names what does not answer', async () => {
    const health = createHealthCheck({ database: async () => Promise.reject(new Error('refused')), temporal: async () => undefined });
    expect(await health()).toEqual({ healthy: false, checks: { database: 'unavailable', temporal: 'ok' } });
  });
});
