import { randomBytes, randomUUID } from 'node:crypto';
import { Config } from '../../lib/config';
import { startSystem, type RunningSystem } from '../../server/system';
import type { Principal } from '../../app/principal';
import { coordinator, httpClient, type ApiRequest } from './http-client';
import { testEnv } from './test-env';

export interface TestSystem extends RunningSystem {
  config: Config;
  /** Calls the API over real HTTP as the given principal. */
  request: ApiRequest;
}

export { coordinator };
export const manager: Principal = { sub: 'morgan', role: 'manager', teams: ['north'] };
export const approver: Principal = { sub: 'ash', role: 'approver', teams: ['north'] };

/**
 * The same composition as `npm start`, pointed at the test dev server and the test database, with its own
 * task queue so that test files never take each other's work.
 */
export async function startTestSystem(
  overrides: Partial<Record<keyof Config, string>> = {},
  options: { runWorker?: boolean } = {},
): Promise<TestSystem> {
  const config = Config.parse({
    PORT: '0',
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    COMMAND_TIMEOUT_MS: '20000',
    LOG_LEVEL: 'silent',
    NOTIFY_CHANNEL: 'outbox',
    // Tests poll as fast as they like; hardening.test.ts checks the limit itself.
    RATE_LIMIT_MAX: '1000000',
    // Tests read figures right after changing them; test/unit/api/report-cache.test.ts checks the sharing.
    ANALYTICS_MAX_AGE_MS: '0',
    ...overrides,
  });
  const system = await startSystem(config, {
    workflowBundle: { codePath: testEnv.workflowBundlePath },
    httpLogs: false,
    runWorker: options.runWorker,
  });
  return { ...system, config, request: httpClient(system.url, config.AUTH_DEV_SECRET) };
}

/** A valid request to open a journey; the NHS number passes the modulus 11 check. */
export function openJourneyBody(overrides: Record<string, unknown> = {}) {
  return {
    person: {
      name: 'Ada Example',
      nhsNumber: '943 476 5919',
      dateOfBirth: '1950-03-02',
      contact: { email: 'ada@example.org' },
      preferences: { channel: 'email', format: 'standard', language: 'en' },
    },
    pathway: 'chc',
    team: 'north',
    referralSource: 'gp',
    ...overrides,
  };
}

/**
 * What a deployment with an identity provider must set besides the provider itself (lib/deployment.ts):
 * its public address, payload keys of its own and the web app's registration; for a system on `port`.
 */
export function productionSettings(port: number, issuer: string): Partial<Record<keyof Config, string>> {
  return {
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    PAYLOAD_KEYS: `test:${randomBytes(32).toString('base64')}`,
    OIDC_CLIENT_ID: 'personal-budgets-web',
    OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/sign-in/callback`,
    OIDC_ISSUER: issuer,
  };
}
