import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../app/access';
import { AppError, parseInput } from '../app/errors';
import { callerOf } from '../http/request-context';
import { isEncrypted, PayloadDecryptionError } from '../lib/payload-codec';

/**
 * The Temporal codec-server endpoints, so the Temporal Web UI (and `temporal --codec-endpoint`) can show
 * decrypted payloads to those allowed: managers and admins, who may see every journey anyway. Only admins
 * may encode: ciphertext minted here is accepted by every worker as if our own code had written it.
 * Bodies and answers are `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`; both serve the
 * configured namespace only, which the Web UI names in `X-Namespace`.
 */
const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const CodecBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string().max(200), base64).default({}), data: base64.default('') })).max(1000),
});

const fromWire = (p: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data, 'base64')),
});
const toWire = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export const codecRoles = { encode: ['admin'], decode: ['manager', 'admin'] } as const;

/**
 * Decrypts what is encrypted and leaves the rest as it is: the Web UI also sends what Temporal itself
 * writes in plain text (patch and local-activity markers) and shows it as it is. Only shown, never acted
 * on: workers and clients still refuse plain text where they expect ciphertext.
 */
async function decodeForDisplay(codec: PayloadCodec, payloads: Payload[]): Promise<Payload[]> {
  const decrypted = await codec.decode(payloads.filter(isEncrypted));
  let next = 0;
  return payloads.map((payload) => (isEncrypted(payload) ? decrypted[next++]! : payload));
}

/** The namespace asked for must be ours: the codec opens and seals payloads for that namespace only. */
function requireNamespace(asked: string | string[] | undefined, namespace: string): void {
  if (asked !== undefined && asked !== namespace)
    throw new AppError(400, 'invalid_input', `X-Namespace names another namespace: this codec serves "${namespace}" only.`, [
      { path: 'headers.x-namespace', message: `must be "${namespace}" or absent` },
    ]);
}

export function registerCodecRoutes(app: FastifyInstance, codec: PayloadCodec, namespace: string): void {
  const convert = {
    encode: (payloads: Payload[]) => codec.encode(payloads),
    decode: (payloads: Payload[]) => decodeForDisplay(codec, payloads),
  };
  for (const direction of ['encode', 'decode'] as const) {
    app.post(`/codec/${direction}`, { bodyLimit: 8 * 1024 * 1024 }, async (request) => {
      requireRole(callerOf(request).principal, codecRoles[direction], `${direction} Temporal payloads`);
      requireNamespace(request.headers['x-namespace'], namespace);
      const { payloads } = parseInput(CodecBody, request.body);
      try {
        return { payloads: (await convert[direction](payloads.map(fromWire))).map(toWire) };
      } catch (error) {
        // The codec's messages name a key id at most, never a payload's content.
        throw new AppError(
          400,
          'codec_failed',
          error instanceof PayloadDecryptionError ? error.message : 'The payloads could not be processed.',
          [{ path: 'payloads', message: 'could not be decoded' }],
        );
      }
    });
  }
}
