import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { generateWorkload, summariseMix, workloadMix, type WorkloadProgress } from '../workload';

const usage = `Usage: npm run workload -- --journeys 100000 --seed 42 [options]

Writes synthetic journeys (obviously fake people, NHS numbers in the 999 test range) with backdated
events straight into the event store at DATABASE_URL, through the live append and projection code.

  --journeys N      how many journeys (default 1000)
  --seed N          same seed, same workload (default 1)
  --now ISO         the instant the workload ends at (default: the current time)
  --span-days N     journeys open uniformly over this many days before now (default 1095)
  --concurrency N   journeys appended at once (default 8)
  --batch-size N    people rows per insert, and progress every N journeys (default 500)
  --no-reminders    leave out the workflow's reminder events (reviews still start on their dates)
  --embedded-ok     allow the embedded PGlite database (slow, one connection at a time)

Its sessions commit asynchronously (synchronous_commit=off): a crash may lose the last moments of the
load, never consistency, and the load runs about a third faster.
`;

const int = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${value}`);
  return n;
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const rate = (count: number, ms: number) => fmt(count / (Math.max(ms, 1) / 1000));

/** Refuses the embedded database unless allowed, and applies migrations; says whether it is the embedded one. */
async function prepare(url: string, embeddedOk: boolean | undefined): Promise<boolean> {
  const db = connectDatabase({ url, maxConnections: 1 });
  try {
    const { rows } = await sql<{ version: string }>`select version()`.execute(db);
    const embedded = /pglite/i.test(rows[0]?.version ?? '');
    if (embedded && !embeddedOk)
      throw new Error(
        'DATABASE_URL is the embedded PGlite database: it serves one connection at a time, so a large workload ' +
          'takes very long and fills the development data directory. Use a PostgreSQL server, or pass --embedded-ok.',
      );
    await migrateToLatest(db);
    return embedded;
  } finally {
    await db.destroy();
  }
}

/** A bulk load need not wait for each commit's flush to disk; the URL's own options win if it has any. */
function asyncCommit(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('options')) parsed.searchParams.set('options', '-c synchronous_commit=off');
  return parsed.toString();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'span-days': { type: 'string' },
      concurrency: { type: 'string' },
      'batch-size': { type: 'string' },
      'no-reminders': { type: 'boolean', default: false },
      'embedded-ok': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void process.stdout.write(usage);
  const journeys = int(values.journeys, 'journeys', 1000);
  const seed = int(values.seed, 'seed', 1);
  const concurrency = Math.max(1, int(values.concurrency, 'concurrency', 8));
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO date or instant, not ${values.now}`);

  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) throw new Error(`Set DATABASE_URL to the PostgreSQL server to fill.\n\n${usage}`);
  const embedded = await prepare(DATABASE_URL, values['embedded-ok']);
  const db = connectDatabase({ url: embedded ? DATABASE_URL : asyncCommit(DATABASE_URL), maxConnections: concurrency + 2 });
  try {
    process.stdout.write(`Writing ${fmt(journeys)} journeys (seed ${seed}, now ${now.toISOString()})...\n`);
    const progress = (p: WorkloadProgress) =>
      process.stdout.write(
        `  ${fmt(p.journeys)} / ${fmt(p.totalJourneys)} journeys, ${fmt(p.events)} events, ` +
          `${rate(p.journeys, p.elapsedMs)} journeys/s, ${rate(p.events, p.elapsedMs)} events/s\n`,
      );
    const result = await generateWorkload(db, {
      journeys,
      seed,
      now,
      concurrency,
      batchSize: Math.max(1, int(values['batch-size'], 'batch-size', 500)),
      spanDays: int(values['span-days'], 'span-days', workloadMix.defaultSpanDays),
      reminders: !values['no-reminders'],
      onProgress: progress,
    });
    process.stdout.write(
      `Done: ${fmt(result.journeys)} journeys, ${fmt(result.events)} events in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
        `(${fmt(result.journeysPerSecond)} journeys/s, ${fmt(result.eventsPerSecond)} events/s).\n`,
    );
    for (const line of summariseMix(result.mix)) process.stdout.write(`  ${line}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
