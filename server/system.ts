import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type WorkflowBundleOption } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createApplication, type Application } from '../app/application';
import { connectDatabase } from '../db/connect';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import type { Database } from '../db/schema';
import { loggerOptions } from '../http/logging';
import { securityOptionsFrom } from '../http/security';
import { createTokenVerifier, oidcSettingsFrom } from '../http/tokens';
import type { Config } from '../lib/config';
import { authModeOf, DEVELOPMENT_SIGN_IN_WARNING, serverStartProblems } from '../lib/deployment';
import { startLocalMailServer } from '../lib/mail-server';
import { dataConverterFor } from '../lib/payload-codec';
import { ensureTemporalCli } from '../lib/temporal-cli';
import { temporalConnectionOptions } from '../lib/temporal-connection';
import { loadDevServerConfig, repoRoot, startDevServer, type RunningDevServer } from '../lib/temporal-dev-server';
import { oidcSignInFrom } from '../web/routes/oidc-sign-in';
import { createJourneyWorker } from '../worker/create-worker';
import { buildServer } from './build-server';

export interface RunningSystem {
  url: string;
  db: Kysely<Database>;
  app: FastifyInstance;
  /** The API's Temporal client, for in-process drivers such as the demo's simulated staff. */
  temporal: Client;
  /** The application layer the API and the web app serve. */
  application: Application;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/** The SDK's runtime is one per process; install ours once (a test process loads this module per file). */
function installRuntime(): void {
  try {
    // We order shutdown ourselves (API, worker, then the server), so the SDK must not act on signals.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Already installed in this process.
  }
}

/**
 * Starts everything on one machine: PostgreSQL (the configured server, or embedded), Temporal (the
 * configured cluster, or the dev server from temporal-dev.yml), a worker and the API. `stop` undoes it
 * in reverse order, so that nothing is left running.
 */
/** A start refused by the configuration: each problem names its setting. */
export class StartRefused extends Error {
  override readonly name = 'StartRefused';
  constructor(readonly problems: string[]) {
    super(`Refusing to start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export async function startSystem(
  config: Config,
  options: { log?: Log; workflowBundle?: WorkflowBundleOption; httpLogs?: boolean; runWorker?: boolean } = {},
): Promise<RunningSystem> {
  const log = options.log ?? (() => undefined);
  // Fail closed: a forgotten setting stops the start here, before anything listens.
  const problems = serverStartProblems(config);
  if (problems.length > 0) throw new StartRefused(problems);
  const development = authModeOf(config) === 'development';
  if (development) log(DEVELOPMENT_SIGN_IN_WARNING);
  const stops: Array<() => Promise<unknown>> = [];
  let listening = '';
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const dataDir = join(resolve(repoRoot, config.DATA_DIR), 'pglite');
      const embedded: EmbeddedPostgres = await startEmbeddedPostgres(dataDir);
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
      log(`Embedded PostgreSQL (PGlite) in ${dataDir}`);
    }
    const db = connectDatabase({ url: databaseUrl, maxConnections: config.DATABASE_POOL_MAX });
    stops.push(() => db.destroy());
    await migrateToLatest(db);

    let address = config.TEMPORAL_ADDRESS;
    let namespace = config.TEMPORAL_NAMESPACE;
    if (!address) {
      const devConfig = loadDevServerConfig(resolve(repoRoot, config.TEMPORAL_DEV_CONFIG));
      const server: RunningDevServer = await startDevServer(await ensureTemporalCli(), devConfig, { detached: true });
      stops.push(() => server.stop());
      address = server.address;
      namespace = devConfig.namespace;
      log(`Temporal dev server on ${address}${devConfig.headless ? '' : `, Web UI on http://${devConfig.ip}:${devConfig.uiPort}`}`);
    }

    // Email on one machine: a real SMTP server that keeps what it receives, so a newcomer sees the messages.
    let smtpUrl = config.SMTP_URL;
    if (config.NOTIFY_CHANNEL === 'smtp' && !smtpUrl) {
      const mailDir = join(resolve(repoRoot, config.DATA_DIR), 'mail');
      const mail = await startLocalMailServer({ dir: mailDir });
      stops.push(() => mail.stop());
      smtpUrl = mail.url;
      log(`Local SMTP server on ${mail.url}: messages kept in ${mailDir}`);
    }

    const connectionOptions = temporalConnectionOptions(config, address);
    const dataConverter = dataConverterFor(config, namespace);
    if (options.runWorker !== false) {
      installRuntime();
      const nativeConnection = await NativeConnection.connect(connectionOptions);
      stops.push(() => nativeConnection.close());
      const worker = await createJourneyWorker({
        connection: nativeConnection,
        namespace,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        db,
        policyDayMs: config.POLICY_DAY_MS,
        workflowBundle: options.workflowBundle,
        dataConverter,
        notifications: { ...config, SMTP_URL: smtpUrl },
      });
      const running = worker.run();
      stops.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
    }

    const connection = await Connection.connect(connectionOptions);
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace, dataConverter });
    const application = createApplication({
      db,
      temporal,
      namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
      policyDayMs: config.POLICY_DAY_MS,
      reportAges: { liveMaxAgeMs: config.ANALYTICS_MAX_AGE_MS },
      // In development without PUBLIC_BASE_URL, the address this server listens on (known once it does).
      publicBaseUrl: () => config.PUBLIC_BASE_URL ?? listening,
    });
    const oidcSignIn = development ? undefined : oidcSignInFrom(config);
    const app = await buildServer({
      application,
      authSecret: config.AUTH_DEV_SECRET,
      // Development tokens only in development; otherwise the identity provider's alone.
      verifyToken: createTokenVerifier({ devSecret: config.AUTH_DEV_SECRET, oidc: development ? undefined : oidcSettingsFrom(config) }),
      devSignIn: development,
      oidcSignIn,
      secureCookies: config.PUBLIC_BASE_URL?.startsWith('https:') || oidcSignIn?.secure,
      security: securityOptionsFrom(config, development),
      codec: { payloadCodec: dataConverter.payloadCodecs[0]!, namespace },
      logger: options.httpLogs === false ? false : loggerOptions(config.LOG_LEVEL),
    });
    stops.push(() => app.close());
    const url = await app.listen({ port: config.PORT, host: config.HOST });
    listening = url;
    return { url, db, app, temporal, application, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
