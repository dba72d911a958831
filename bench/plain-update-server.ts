import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/**
 * The baseline of the command-latency bench: a bare node:http handler that runs one UPDATE on the same
 * database and answers with a few bytes of JSON. No validation, auth, Temporal or projections.
 */
export async function startPlainUpdateServer(databaseUrl: string, rows = 1000): Promise<{ url: string; stop(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query('create table if not exists bench_plain (id int primary key, n bigint not null, updated_at timestamptz not null)');
  await pool.query('insert into bench_plain select i, 0, now() from generate_series(1, $1::int) i on conflict do nothing', [rows]);
  const server: Server = createServer((request, response) => {
    const id = (Number(request.url?.split('/').pop()) % rows) + 1;
    pool.query('update bench_plain set n = n + 1, updated_at = now() where id = $1 returning n', [id]).then(
      (result) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id, n: result.rows[0]?.n }));
      },
      () => {
        response.writeHead(500);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
