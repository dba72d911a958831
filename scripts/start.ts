import { loadConfig } from '../lib/config';
import { startSystem } from '../server/system';

/** `npm start`: the whole system on one machine. Ctrl-C stops every part, in order. */
async function main(): Promise<void> {
  // On one machine, email goes to a local SMTP server by default, so the messages journeys send can be read.
  const config = loadConfig({ NOTIFY_CHANNEL: 'smtp', ...process.env });
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const system = await startSystem(config, { log });
  log(`API on ${system.url} (GET /health, GET /openapi.json). Ctrl-C to stop.`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the API, the worker and the servers...`);
    await system.stop();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`Could not start: ${error.message}\n`);
  process.exit(1);
});
