import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A connection string the ordinary `pg` driver uses, so the embedded path runs the same code as production. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), kept in `dataDir` and served on a loopback port over the
 * Postgres wire protocol. It is one backend: the socket server queues clients and keeps each client's
 * transaction together. For a fresh machine with no database server; production uses DATABASE_URL.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { port?: number } = {}): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 64 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
