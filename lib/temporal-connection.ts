import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { Config } from './config';

type TlsOptions = Exclude<ConnectionOptions['tls'], undefined>;

/** TLS (mTLS for a self-hosted cluster, or Temporal Cloud) and API-key options from configuration. */
export function temporalTls(config: Config): TlsOptions | undefined {
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    return {
      serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
      clientCertPair: { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) },
    };
  }
  // Temporal Cloud with an API key needs TLS without a client certificate.
  if (config.TEMPORAL_TLS || config.TEMPORAL_API_KEY) return true;
  return undefined;
}

export function temporalConnectionOptions(config: Config, address: string) {
  return { address, tls: temporalTls(config), apiKey: config.TEMPORAL_API_KEY };
}
