import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Principal } from '../app/principal';
import { createSessions } from '../app/sessions';
import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { SESSION_COOKIE } from '../http/identify';
import { startReadOnlyApi } from './read-only-api';
import { runLoad } from './load';

const DAY = 86_400_000;
const ms = (n: number) => n.toFixed(1);

/**
 * `npm run bench:pages`: each web page rendered by the real app over HTTP against the bench database
 * (`pbe_bench`, filled by `npm run bench`), with a few concurrent clients signed in as the page's role.
 * Reports per page the server's time (its Server-Timing header: the request's arrival to the response
 * ready to send) and the client's (request to the last byte): p50, p95, p99 of each.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '4' }, seconds: { type: 'string', default: '10' } } });
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pbe_bench';
  const db = connectDatabase({ url, maxConnections: 20 });
  await migrateToLatest(db);
  const [{ journeys, events }] = (
    await sql<{
      journeys: string;
      events: string;
    }>`select (select count(*) from journeys) as journeys, (select count(*) from events) as events`.execute(db)
  ).rows as [{ journeys: string; events: string }];
  if (Number(journeys) === 0) throw new Error('The bench database is empty: run `npm run bench` once to fill it.');

  // Real subjects from the data: the busiest coordinator and team, a journey with a long history, a person.
  const busiest = await db
    .selectFrom('journeys')
    .select(['coordinator', 'team', sql<string>`count(*)`.as('n')])
    .where('status', '=', 'open')
    .where('coordinator', 'is not', null)
    .groupBy(['coordinator', 'team'])
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const longest = await db
    .selectFrom('journeys')
    .select(['journey_id', 'team'])
    .where('status', '=', 'open')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const { app, url: base } = await startReadOnlyApi(db, DAY);
  const sessions = createSessions(db);
  const cookie = async (principal: Principal) => ({
    cookie: `${SESSION_COOKIE}=${(await sessions.start(principal, { ttlSeconds: 3600 })).secret}`,
  });
  const team = busiest.team;
  const pages: Array<[string, string, Record<string, string>]> = [
    ['dashboard', '/dashboard', await cookie({ sub: 'bench', role: 'manager', teams: [] })],
    [`dashboard, team ${team}`, `/dashboard?team=${team}`, await cookie({ sub: 'bench', role: 'manager', teams: [] })],
    ['drill-down (stalled)', '/dashboard/journeys?stalled=true', await cookie({ sub: 'bench', role: 'manager', teams: [] })],
    [`caseload (${busiest.n} open)`, '/caseload', await cookie({ sub: busiest.coordinator!, role: 'coordinator', teams: [team] })],
    ['approvals', '/approvals', await cookie({ sub: 'bench', role: 'approver', teams: [team] })],
    [
      'journey page (longest history)',
      `/journeys/${longest.journey_id}`,
      await cookie({ sub: 'bench', role: 'coordinator', teams: [longest.team] }),
    ],
    [
      'command form (submit plan)',
      `/journeys/${longest.journey_id}/do/submit_plan`,
      await cookie({ sub: 'bench', role: 'coordinator', teams: [longest.team] }),
    ],
    [
      "person's page",
      '/my-journey',
      await cookie({ sub: `person:${longest.journey_id}`, role: 'person', teams: [], journeyId: longest.journey_id }),
    ],
    ['sign-in', '/sign-in', {}],
  ];
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${journeys} journeys, ${events} events; ${clients} clients, ${seconds} s per page`,
    '',
    'Server: from the arrival of the request to the response ready to send (its Server-Timing header). Client: from sending the request to the last byte.',
    '',
    '| page | server p50 ms | server p95 ms | server p99 ms | client p50 ms | client p95 ms | client p99 ms | req/s | errors |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, path, headers] of pages) {
    const result = await runLoad(`${base}${path}`, headers, clients, seconds);
    const { server } = result;
    lines.push(
      `| ${name} | ${ms(server.p50)} | ${ms(server.p95)} | ${ms(server.p99)} | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${result.rps.toFixed(0)} | ${result.errors} |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  await app.close();
  await db.destroy();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
