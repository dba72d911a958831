import { ensureTemporalCli } from '../lib/temporal-cli';
import { devServerFlags, loadDevServerConfig, startDevServer } from '../lib/temporal-dev-server';

/** `npm run temporal:dev`: only the dev server from temporal-dev.yml, for running workers and the API apart. */
async function main(): Promise<void> {
  const config = loadDevServerConfig();
  const cli = await ensureTemporalCli();
  process.stderr.write(`${cli} ${devServerFlags(config).join(' ')}\n`);
  const server = await startDevServer(cli, config, { detached: true });
  process.stderr.write(`Temporal dev server on ${server.address}. Ctrl-C to stop.\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
