import { parseArgs } from 'node:util';
import { Principal } from '../app/principal';
import { mintDevToken } from '../http/tokens';
import { loadConfig } from '../lib/config';

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
  process.stdout.write(`${await mintDevToken(loadConfig().AUTH_DEV_SECRET, claims.data, values.expires)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
