import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOidcClient } from '../../../web/oidc-client';

/**
 * Plain http is allowed for an issuer on loopback only. The same discovery answer (naming whichever host
 * it was asked by) is served on 127.0.0.1, ::1 and 127.0.0.2, so a refusal is the client's, not a missing
 * server: 127.0.0.2 is loopback too but not one of the names we allow, and any other host is refused
 * before a request leaves (the `.invalid` names could not even be resolved).
 */
describe('an issuer over plain http', () => {
  const servers: Server[] = [];
  let port = 0;
  const requested: string[] = [];

  beforeAll(async () => {
    for (const address of ['127.0.0.1', '::1', '127.0.0.2']) {
      const server = createServer((request, response) => {
        requested.push(request.headers.host ?? '');
        const issuer = `http://${request.headers.host}`;
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/keys`,
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(port, address, resolve));
      port = (server.address() as AddressInfo).port;
      servers.push(server);
    }
  });
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  const begin = (host: string) =>
    createOidcClient({ issuer: `http://${host}`, clientId: 'web', redirectUrl: 'http://127.0.0.1/sign-in/callback' }).begin();

  it.each(['localhost', '127.0.0.1', '[::1]'])('given %s, when a sign-in begins, then discovery over http is allowed', async (host) => {
    const { url } = await begin(`${host}:${port}`);
    expect(url).toMatch(new RegExp(`^http://${host.replace(/[[\].]/g, '\\$&')}:${port}/authorize\\?`));
  });

  it('given 127.0.0.2, which answers too, when a sign-in begins, then it is refused and nothing is asked of it', async () => {
    expect(await (await fetch(`http://127.0.0.2:${port}/.well-known/openid-configuration`)).json()).toMatchObject({
      issuer: `http://127.0.0.2:${port}`,
    });
    const before = requested.length;
    await expect(begin(`127.0.0.2:${port}`)).rejects.toThrow('only requests to HTTPS are allowed');
    expect(requested.length).toBe(before);
  });

  it.each(['idp.invalid', 'localhost.idp.invalid', '127.0.0.1.idp.invalid'])(
    'given %s, when a sign-in begins, then it is refused before any request',
    async (host) => {
      await expect(begin(host)).rejects.toThrow('only requests to HTTPS are allowed');
    },
  );
});
