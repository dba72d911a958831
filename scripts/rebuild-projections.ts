import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { rebuildProjections } from '../db/projections/rebuild';
import { loadConfig } from '../lib/config';

/** `npm run projections:rebuild`: throws the read models away and folds them again from the event log. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL to the database whose projections to rebuild.');
  const db = connectDatabase({ url: config.DATABASE_URL });
  try {
    await migrateToLatest(db);
    const started = Date.now();
    const { events } = await rebuildProjections(db, {
      policyDayMs: config.POLICY_DAY_MS,
      onProgress: (n) => n % 100_000 === 0 && process.stderr.write(`  ${n} events\n`),
    });
    process.stdout.write(`Rebuilt projections from ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
