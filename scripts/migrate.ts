import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (they also run at every start). */
async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig();
  if (!DATABASE_URL) throw new Error('Set DATABASE_URL to the server to migrate; the embedded database migrates itself at npm start.');
  const db = connectDatabase({ url: DATABASE_URL });
  try {
    const results = await migrateToLatest(db);
    for (const result of results ?? []) process.stdout.write(`${result.migrationName}: ${result.status}\n`);
    if (!results?.length) process.stdout.write('Already up to date.\n');
  } finally {
    await db.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
