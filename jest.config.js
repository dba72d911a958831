/** Three projects: fast pure-domain unit tests; replay of recorded workflow histories (no server); and
 * integration tests against a real Temporal dev server and a real PostgreSQL, started once in the
 * integration project's global setup. */
// jose, openid-client and its oauth4webapi, content-disposition (under @fastify/static) and cookie (under fastify's light-my-request)
// ship only ES modules, which jest's module sandbox does not load: swc turns them into CommonJS too.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
const transformIgnorePatterns = ['/node_modules/(?!(jose|openid-client|oauth4webapi|content-disposition|cookie)/)'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'replay',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/replay/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
