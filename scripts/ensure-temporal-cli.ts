import { ensureTemporalCli, temporalCliVersion } from '../lib/temporal-cli';

/** `npm run temporal:cli`: find or build the Temporal CLI and print its path. */
ensureTemporalCli()
  .then((path) => {
    process.stdout.write(`${path}\n${temporalCliVersion(path)}\n`);
  })
  .catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
