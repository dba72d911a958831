import Fastify from 'fastify';
import { registerServerTiming, serverTiming, serverTimingMs } from '../../../http/server-timing';

describe('Server-Timing', () => {
  it('says how long the server took over each answer, found or not', async () => {
    const app = Fastify();
    registerServerTiming(app);
    // The handler's own wait is what the header must account for.
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return { ok: true };
    });
    const slow = await app.inject({ method: 'GET', url: '/slow' });
    expect(slow.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
    expect(serverTimingMs(slow.headers['server-timing'] as string)).toBeGreaterThanOrEqual(40);
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(serverTimingMs(missing.headers['server-timing'] as string)).not.toBeNull();
    await app.close();
  });

  it('reads its own metric among others, and nothing from a header without it', () => {
    expect(serverTimingMs(serverTiming(12.34))).toBe(12.3);
    expect(serverTimingMs('db;dur=3, app;dur=17.5')).toBe(17.5);
    expect(serverTimingMs('db;dur=3')).toBeNull();
    expect(serverTimingMs(null)).toBeNull();
  });
});
