import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { AAD_SCHEME_FIELD, aadFor, NAMESPACE_V1 } from './payload-aad';

/**
 * Encrypts every Temporal payload (workflow arguments, results, update arguments, activity inputs and
 * outputs) with AES-256-GCM before it leaves the process, so the Temporal server and its database hold
 * only ciphertext. The key id travels in the payload's metadata: add a new key, make it current, and
 * payloads written under the old one still decrypt while it stays configured. Each payload is bound to
 * its namespace and key id (lib/payload-aad.ts), and decode refuses what is not encrypted: whatever can
 * write to Temporal without the key cannot feed a worker or client.
 */

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'encryption-cipher';
const ALGORITHM = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeys {
  /** Key id -> 32 raw bytes. */
  keys: Map<string, Buffer>;
  /** The key that encrypts new payloads. */
  currentKeyId: string;
}

/** A fixed key for development and tests only; a deployment sets PAYLOAD_KEYS (see README). */
export const DEVELOPMENT_KEY_ID = 'dev';
const developmentKey = createHash('sha256').update('personal-budget-engine development payload key; never use in production').digest();

/** Reads `PAYLOAD_KEYS` (`id:base64,id:base64`) and `PAYLOAD_KEY_ID`; without keys, the development key. */
export function payloadKeysFrom(spec: string | undefined, currentKeyId?: string): PayloadKeys {
  if (!spec) return { keys: new Map([[DEVELOPMENT_KEY_ID, developmentKey]]), currentKeyId: currentKeyId ?? DEVELOPMENT_KEY_ID };
  const keys = new Map<string, Buffer>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    // The message names the entry by its id only: never echo key material.
    if (!id || key.length !== 32)
      throw new Error(`PAYLOAD_KEYS: each entry is id:base64 of 32 bytes (openssl rand -base64 32); "${id || '(no id)'}" is not`);
    keys.set(id, key);
  }
  const current = currentKeyId ?? keys.keys().next().value;
  if (!current || !keys.has(current)) throw new Error(`PAYLOAD_KEY_ID "${current ?? ''}" is not one of PAYLOAD_KEYS`);
  return { keys, currentKeyId: current };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** A payload as bytes: metadata and data in base64 inside JSON (the codec-server wire form). */
function serialise(payload: Payload): Buffer {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]));
  return Buffer.from(JSON.stringify({ metadata, data: Buffer.from(payload.data ?? []).toString('base64') }));
}

function deserialise(bytes: Buffer): Payload {
  const { metadata, data } = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, string>; data: string };
  return {
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(data, 'base64')),
  };
}

/** Thrown when a payload cannot be decrypted; says which key, never what the payload held. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export interface CodecOptions {
  /** The namespace of the clients and workers that share this codec: new payloads are bound to it (lib/payload-aad.ts). */
  namespace: string;
  /**
   * Lets unencrypted payloads through decode. Only for replaying the test histories recorded before
   * encryption existed: anything that can write to Temporal could otherwise hand a worker input that
   * nobody with the key sealed. No configuration turns it on.
   */
  insecureAcceptPlaintextForTestHistories?: boolean;
}

/** Whether a payload is one this codec sealed (or claims to be). */
export const isEncrypted = (payload: Payload) => text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;

export function createEncryptionCodec({ keys, currentKeyId }: PayloadKeys, options: CodecOptions): PayloadCodec {
  const { namespace } = options;
  if (!namespace) throw new Error('The payload codec needs the Temporal namespace its payloads belong to.');
  const currentKey = keys.get(currentKeyId);
  if (!currentKey) throw new Error(`No payload key "${currentKeyId}"`);
  const currentAad = aadFor(NAMESPACE_V1, { namespace, keyId: currentKeyId })!;
  return {
    async encode(payloads) {
      return payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
        cipher.setAAD(currentAad);
        const sealed = Buffer.concat([iv, cipher.update(serialise(payload)), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: {
            encoding: utf8(ENCRYPTED_ENCODING),
            [KEY_ID]: utf8(currentKeyId),
            [CIPHER]: utf8(ALGORITHM),
            [AAD_SCHEME_FIELD]: utf8(NAMESPACE_V1),
          },
          data: new Uint8Array(sealed),
        };
      });
    },
    async decode(payloads) {
      return payloads.map((payload) => {
        if (!isEncrypted(payload)) {
          if (options.insecureAcceptPlaintextForTestHistories) return payload;
          throw new PayloadDecryptionError('A payload arrived unencrypted where an encrypted one is expected, and was refused.');
        }
        const keyId = text(payload.metadata?.[KEY_ID]) ?? '';
        const key = keys.get(keyId);
        if (!key)
          throw new PayloadDecryptionError(`The payload was encrypted with key "${keyId}", which is not configured (PAYLOAD_KEYS).`);
        const aad = aadFor(text(payload.metadata?.[AAD_SCHEME_FIELD]), { namespace, keyId });
        if (!aad) throw new PayloadDecryptionError(`The payload names an ${AAD_SCHEME_FIELD} scheme this codec does not know.`);
        const sealed = Buffer.from(payload.data ?? []);
        if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('The encrypted payload is truncated.');
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
          decipher.setAAD(aad);
          decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
          return deserialise(Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]));
        } catch {
          throw new PayloadDecryptionError(
            `The payload did not decrypt with key "${keyId}" in namespace "${namespace}": the key is wrong, the data or its metadata was altered, or it was written for another namespace.`,
          );
        }
      });
    },
  };
}

/**
 * The module whose `failureConverter` keeps failure messages and stack traces inside the codec
 * (lib/failure-converter.ts). A path, as the SDK requires: the workflow bundle is built with it
 * (`workflowBundlerOptions`), and clients, workers and replays load it from here.
 */
export const failureConverterPath = require.resolve('./failure-converter');

/** The data converter for clients, workers and replays: the default converters, failures encoded, then encryption. */
export const encryptedDataConverter = (keys: PayloadKeys, options: CodecOptions) => ({
  payloadCodecs: [createEncryptionCodec(keys, options)],
  failureConverterPath,
});

/** The data converter configured by PAYLOAD_KEYS and PAYLOAD_KEY_ID, for the namespace its clients and workers use. */
export const dataConverterFor = (config: { PAYLOAD_KEYS?: string; PAYLOAD_KEY_ID?: string }, namespace: string) =>
  encryptedDataConverter(payloadKeysFrom(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID), { namespace });
