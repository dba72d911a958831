import { parseArgs } from 'node:util';
import { Principal } from '../app/principal';
import { mintDevToken } from '../http/tokens';
import { loadConfig } from '../lib/config';
import { authModeOf } from '../lib/deployment';

/** `npm run token -- --role coordinator --team north --sub alice`: prints a development bearer token. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'coordinator' },
      team: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string', default: 'dev-user' },
      journey: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const claims = Principal.safeParse({ sub: values.sub, role: values.role, teams: values.team, journeyId: values.journey });
  if (!claims.success) throw new Error(claims.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const config = loadConfig();
  // Outside development the API takes the identity provider's tokens only: a development token would be a lie.
  if (authModeOf(config) !== 'development')
    throw new Error('Development tokens are for development only: this configuration signs people in through the identity provider.');
  process.stdout.write(`${await mintDevToken(config.AUTH_DEV_SECRET, claims.data, values.expires)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
