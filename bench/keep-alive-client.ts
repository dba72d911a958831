import { Agent, request as httpRequest } from 'node:http';
import { coordinator, tokenMinter, type ApiRequest } from '../test/support/http-client';

/**
 * The benches' API client: the tests' `ApiRequest`, over node:http with keep-alive instead of fetch. The
 * client shares the machine (and here the process) with the system under test, and fetch costs several
 * times what node:http does per request; a real client's cost is on its own machine.
 */
export function keepAliveClient(baseUrl: string, authSecret: string): ApiRequest & { close(): void } {
  const target = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const tokenFor = tokenMinter(authSecret);
  const send: ApiRequest = async (method, path, options = {}) => {
    const as = options.as === undefined ? coordinator : options.as;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (as) headers.authorization = `Bearer ${await tokenFor(as)}`;
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: target.hostname, port: target.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
      });
      req.once('error', reject);
      req.end(body);
    });
  };
  return Object.assign(send, { close: () => agent.destroy() });
}
