import { createServer, type Server } from 'node:http';
import type { Pool } from 'pg';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * The baseline for each endpoint: a bare HTTP handler that runs the very SQL our service ran (captured
 * from kysely's log) on a plain pg pool and returns the rows as JSON: no framework, no auth, no
 * validation, no query builder, no shaping of the answer.
 */
export async function startThinServer(pool: Pool, routes: Map<string, CapturedQuery[]>): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const queries = routes.get(request.url ?? '');
    if (!queries) {
      response.writeHead(404).end();
      return;
    }
    try {
      const results = await Promise.all(queries.map((q) => pool.query(q.sql, q.parameters as unknown[])));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results.map((r) => r.rows)));
    } catch {
      response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}
