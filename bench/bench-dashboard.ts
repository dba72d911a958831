import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Client as PgClient, Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { mintDevToken } from '../http/tokens';
import { createAnalyticsService } from '../app/analytics/analytics-service';
import { listJourneys } from '../app/journeys/journey-list';
import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { rebuildProjections } from '../db/projections/rebuild';
import type { Database } from '../db/schema';
import { generateWorkload } from '../workload';
import { startReadOnlyApi } from './read-only-api';
import { runLoad, type LoadResult } from './load';
import { startThinServer, type CapturedQuery } from './thin-server';

const DAY = 86_400_000;

/** The bench database: BENCH_DATABASE_URL, or `pbe_bench` on the local server, kept between runs. */
async function benchDatabaseUrl(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const admin = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new PgClient({ connectionString: admin });
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'pbe_bench'");
  if (exists.rowCount === 0) await client.query('create database pbe_bench');
  await client.end();
  const url = new URL(admin);
  url.pathname = '/pbe_bench';
  return url.toString();
}

const ms = (n: number) => n.toFixed(1);
const row = (name: string, ours: LoadResult, uncached: LoadResult, thin: LoadResult) =>
  `| ${name} | ${ms(ours.p50)} | ${ms(ours.p95)} | ${ms(ours.p99)} | ${ours.rps.toFixed(0)} | ${ms(uncached.p50)} | ${ms(uncached.p95)} | ${uncached.rps.toFixed(0)} | ${ms(thin.p50)} | ${ms(thin.p95)} | ${thin.rps.toFixed(0)} | ${(uncached.p95 / thin.p95).toFixed(2)}x |${ours.errors + uncached.errors + thin.errors ? ` errors ${ours.errors}/${uncached.errors}/${thin.errors}` : ''}`;

/**
 * `npm run bench` (dashboard part): the analytics endpoints over HTTP with N concurrent clients, each
 * beside a bare handler running the same SQL; then the projection rebuild beside a raw COPY of the rows.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '100000' },
      clients: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      'skip-rebuild': { type: 'boolean', default: false },
      'rebuild-only': { type: 'boolean', default: false },
      /** Only the endpoints whose path contains one of these, comma-separated (e.g. stages,reviews). */
      only: { type: 'string' },
    },
  });
  const url = await benchDatabaseUrl();
  const db = connectDatabase({ url, maxConnections: 20 });
  await migrateToLatest(db);

  const { count } = await db
    .selectFrom('journeys')
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  const wanted = Number(values.journeys);
  if (Number(count) < wanted) {
    process.stderr.write(`Generating ${wanted - Number(count)} synthetic journeys (once; kept in the bench database)...\n`);
    const result = await generateWorkload(db, {
      journeys: wanted - Number(count),
      seed: 42 + Number(count),
      onProgress: (p) => p.journeys % 10_000 === 0 && process.stderr.write(`  ${p.journeys} journeys, ${p.events} events\n`),
    });
    process.stderr.write(`Generated in ${(result.elapsedMs / 1000).toFixed(0)} s (${result.eventsPerSecond.toFixed(0)} events/s)\n`);
  }
  const [{ journeys, events }] = (
    await sql<{
      journeys: string;
      events: string;
    }>`select (select count(*) from journeys) as journeys, (select count(*) from events) as events`.execute(db)
  ).rows as [{ journeys: string; events: string }];
  await sql`analyze`.execute(db);

  // Capture the SQL each endpoint runs, through the same service code the API uses.
  const captured: CapturedQuery[] = [];
  const pool = new Pool({ connectionString: url, max: 20 });
  const capturing = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const analytics = createAnalyticsService(capturing, DAY);
  const now = new Date();
  const from = new Date(now.getTime() - 90 * DAY);
  const endpoints: Array<[string, () => Promise<unknown>]> = [
    ['/api/analytics/stages', () => analytics.stages({}, now)],
    ['/api/analytics/stalled', () => analytics.stalled({}, 50, now)],
    ['/api/analytics/flow', () => analytics.flow({}, from, now)],
    ['/api/analytics/waiting', () => analytics.waiting({}, from, now, now)],
    ['/api/analytics/reviews', () => analytics.reviews({}, 50, now)],
    ['/api/journeys?stalled=true', () => listJourneys(capturing, { stalled: true, limit: 50 }, DAY, now)],
  ];
  const routes = new Map<string, CapturedQuery[]>();
  for (const [path, run] of endpoints) {
    captured.length = 0;
    await run();
    routes.set(path, [...captured]);
  }
  const thin = await startThinServer(pool, routes);

  // The service as deployed (figures as of now shared for ANALYTICS_MAX_AGE_MS), and with no sharing: the
  // latter runs the same SQL as the thin handler on every request, so their ratio is the cost of our layers.
  const { app, url: api, secret } = await startReadOnlyApi(db, DAY);
  const { app: uncachedApp, url: uncachedApi } = await startReadOnlyApi(db, DAY, { analyticsMaxAgeMs: 0 });
  const token = await mintDevToken(secret, { sub: 'bench', role: 'manager', teams: [] });

  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${journeys} journeys, ${events} events; ${clients} clients, ${seconds} s per run`,
    '',
    '| endpoint | p50 ms | p95 ms | p99 ms | req/s | unshared p50 | unshared p95 | unshared req/s | thin p50 | thin p95 | thin req/s | unshared p95 vs thin |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const chosen = (path: string) => !values.only || values.only.split(',').some((part) => path.includes(part));
  for (const [path] of values['rebuild-only'] ? [] : endpoints.filter(([path]) => chosen(path))) {
    const ours = await runLoad(`${api}${path}`, { authorization: `Bearer ${token}` }, clients, seconds);
    const uncached = await runLoad(`${uncachedApi}${path}`, { authorization: `Bearer ${token}` }, clients, seconds);
    const bare = await runLoad(`${thin.url}${path}`, {}, clients, seconds);
    lines.push(row(path, ours, uncached, bare));
    process.stdout.write(`${lines.at(-1)}\n`);
  }
  await app.close();
  await uncachedApp.close();
  thin.server.close();

  if (!values['skip-rebuild']) {
    // Baseline: the same rows copied raw into a bare table, with COPY out and COPY in.
    await sql`drop table if exists bench_events_copy`.execute(db);
    await sql`create unlogged table bench_events_copy (like events)`.execute(db);
    const reader = await pool.connect();
    const writer = await pool.connect();
    const copyStarted = performance.now();
    await pipeline(
      reader.query(copyTo('copy (select * from events) to stdout')),
      writer.query(copyFrom('copy bench_events_copy from stdin')),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    reader.release();
    writer.release();
    await sql`drop table bench_events_copy`.execute(db);
    const rebuildStarted = performance.now();
    const rebuilt = await rebuildProjections(db, { policyDayMs: DAY, batchSize: 5000 });
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    lines.push(
      '',
      `| rebuild of ${rebuilt.events} events | ${rebuildSeconds.toFixed(1)} s | raw COPY of the same rows | ${copySeconds.toFixed(1)} s | ratio ${(rebuildSeconds / copySeconds).toFixed(1)}x |`,
    );
    process.stdout.write(`${lines.at(-1)}\n`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  await capturing.destroy();
  await db.destroy();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
