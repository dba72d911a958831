import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { createEncryptionCodec, payloadKeysFrom, PayloadDecryptionError } from '../../../lib/payload-codec';

const key = () => randomBytes(32).toString('base64');
const bytes = (text: string) => new TextEncoder().encode(text);
const plain = (text: string): Payload => ({ metadata: { encoding: bytes('json/plain') }, data: bytes(text) });
const str = (value: Uint8Array | null | undefined) => Buffer.from(value ?? []).toString('utf8');
const inNamespace = (namespace: string) => ({ namespace });
const withMetadata = (payload: Payload, change: (metadata: Record<string, Uint8Array>) => void): Payload => {
  const metadata = { ...(payload.metadata as Record<string, Uint8Array>) };
  change(metadata);
  return { ...payload, metadata };
};

/** The first encrypted payload of a history recorded before payloads named their AAD scheme (key id only). */
function payloadRecordedWithKeyIdOnly(): Payload {
  const file = join(__dirname, '..', '..', 'histories', 'before-namespace-aad.held-reminded-declined.run1.json');
  const history = JSON.parse(readFileSync(file, 'utf8'));
  const wire = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0] as {
    metadata: Record<string, string>;
    data: string;
  };
  const fromBase64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));
  return { metadata: Object.fromEntries(Object.entries(wire.metadata).map(([k, v]) => [k, fromBase64(v)])), data: fromBase64(wire.data) };
}

describe('the payload codec (AES-256-GCM, bound to namespace and key id)', () => {
  it('given a payload, when encoded and decoded, then it is unchanged, and the ciphertext differs every time', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(`k1:${key()}`), inNamespace('default'));
    const [a, b] = await codec.encode([plain('"Ada Example 9434765919"'), plain('"Ada Example 9434765919"')]);
    expect(str(a!.metadata!.encoding)).toBe('binary/encrypted');
    expect(str(a!.metadata!['encryption-key-id'])).toBe('k1');
    expect(str(a!.data)).not.toContain('Ada');
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    const [decoded] = await codec.decode([a!]);
    expect(str(decoded!.data)).toBe('"Ada Example 9434765919"');
    expect(str(decoded!.metadata!.encoding)).toBe('json/plain');
  });

  it('given a plain-text payload where an encrypted one is expected, when decoded, then it is refused without saying what it held', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(undefined), inNamespace('default'));
    const forged = plain('{"command":{"type":"close"},"note":"Ada 9434765919"}');
    const refusal = await codec.decode([forged]).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(PayloadDecryptionError);
    expect((refusal as Error).message).toMatch(/unencrypted/);
    expect((refusal as Error).message).not.toMatch(/close|Ada|9434765919/);
    // A payload that says nothing of its encoding is plain text too.
    await expect(codec.decode([{ data: bytes('"x"') }])).rejects.toThrow(PayloadDecryptionError);
  });

  it('given histories recorded before encryption, when decoded by the codec built for those fixtures, then they pass through', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(undefined), {
      namespace: 'default',
      insecureAcceptPlaintextForTestHistories: true,
    });
    const [out] = await codec.decode([plain('"recorded history"')]);
    expect(str(out!.data)).toBe('"recorded history"');
  });

  it('given a payload encrypted for namespace A, when namespace B decodes it with the same key, then it is refused', async () => {
    const keys = payloadKeysFrom(`k1:${key()}`);
    const [sealed] = await createEncryptionCodec(keys, inNamespace('staging')).encode([plain('"moved"')]);
    const production = createEncryptionCodec(keys, inNamespace('production'));
    await expect(production.decode([sealed!])).rejects.toThrow(
      new PayloadDecryptionError(
        'The payload did not decrypt with key "k1" in namespace "production": the key is wrong, the data or its metadata was altered, or it was written for another namespace.',
      ),
    );
    expect(str((await createEncryptionCodec(keys, inNamespace('staging')).decode([sealed!]))[0]!.data)).toBe('"moved"');
  });

  it('given the AAD marker stripped or altered, when decoded, then it is refused rather than opened under the older scheme', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(`k1:${key()}`), inNamespace('default'));
    const [sealed] = await codec.encode([plain('"marked"')]);
    expect(str(sealed!.metadata!['encryption-aad'])).toBe('namespace-v1');
    const stripped = withMetadata(sealed!, (m) => delete m['encryption-aad']);
    await expect(codec.decode([stripped])).rejects.toThrow(/did not decrypt with key "k1"/);
    for (const scheme of ['namespace-v2', '', 'NAMESPACE-V1'])
      await expect(codec.decode([withMetadata(sealed!, (m) => (m['encryption-aad'] = bytes(scheme)))])).rejects.toThrow(
        PayloadDecryptionError,
      );
  });

  it('given a payload written before the marker (AAD the key id only), when decoded, then it still opens, and only under that scheme', async () => {
    const recorded = payloadRecordedWithKeyIdOnly();
    expect(recorded.metadata!['encryption-aad']).toBeUndefined();
    const codec = createEncryptionCodec(payloadKeysFrom(undefined), inNamespace('default'));
    const [decoded] = await codec.decode([recorded]);
    expect(str(decoded!.metadata!.encoding)).toBe('json/plain');
    expect(JSON.parse(str(decoded!.data))).toMatchObject({ journeyId: expect.any(String), policyDayMs: expect.any(Number) });
    // Claiming the newer scheme for it does not open it: the marker is bound too.
    await expect(codec.decode([withMetadata(recorded, (m) => (m['encryption-aad'] = bytes('namespace-v1')))])).rejects.toThrow(
      PayloadDecryptionError,
    );
  });

  it('given a rotated key, when old payloads are decoded, then the old key still opens them while new ones use the new key, bound to the namespace', async () => {
    const [k1, k2] = [key(), key()];
    const before = createEncryptionCodec(payloadKeysFrom(`k1:${k1}`), inNamespace('default'));
    const after = createEncryptionCodec(payloadKeysFrom(`k1:${k1},k2:${k2}`, 'k2'), inNamespace('default'));
    const [old] = await before.encode([plain('"old"')]);
    const [fresh] = await after.encode([plain('"new"')]);
    expect(str(fresh!.metadata!['encryption-key-id'])).toBe('k2');
    expect(str(fresh!.metadata!['encryption-aad'])).toBe('namespace-v1');
    expect((await after.decode([old!, fresh!])).map((p) => str(p.data))).toEqual(['"old"', '"new"']);
    const elsewhere = createEncryptionCodec(payloadKeysFrom(`k1:${k1},k2:${k2}`, 'k2'), inNamespace('elsewhere'));
    await expect(elsewhere.decode([fresh!])).rejects.toThrow(/did not decrypt with key "k2"/);
    // Once the old key is removed, its payloads no longer open, and the error names only the key.
    const retired = createEncryptionCodec(payloadKeysFrom(`k2:${k2}`), inNamespace('default'));
    await expect(retired.decode([old!])).rejects.toThrow(
      new PayloadDecryptionError('The payload was encrypted with key "k1", which is not configured (PAYLOAD_KEYS).'),
    );
  });

  it('given altered ciphertext or a forged key id, when decoded, then it fails without saying what the payload held', async () => {
    const [k1, k2] = [key(), key()];
    const codec = createEncryptionCodec(payloadKeysFrom(`k1:${k1},k2:${k2}`), inNamespace('default'));
    const [sealed] = await codec.encode([plain('"secret NHS 9434765919"')]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20]! ^= 0xff;
    await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/did not decrypt with key "k1"/);
    // The key id is bound to the ciphertext: relabelling it to another configured key fails too.
    const relabelled = withMetadata(sealed!, (m) => (m['encryption-key-id'] = bytes('k2')));
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([{ ...sealed!, data: new Uint8Array(5) }])).rejects.toThrow(/truncated/);
    await codec.decode([{ ...sealed!, data: flipped }]).catch((error: Error) => expect(error.message).not.toMatch(/secret|9434765919/));
  });

  it('given bad PAYLOAD_KEYS or PAYLOAD_KEY_ID, or no namespace, then it refuses to start, naming the problem', () => {
    expect(() => payloadKeysFrom('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    const material = key();
    expect(() => payloadKeysFrom(`nocolon${material}`)).toThrow(/id:base64.*"\(no id\)"/);
    expect(() => payloadKeysFrom(`nocolon${material}`)).not.toThrow(material);
    expect(() => payloadKeysFrom(`k1:${key()}`, 'k9')).toThrow(/PAYLOAD_KEY_ID "k9"/);
    expect(payloadKeysFrom(undefined).currentKeyId).toBe('dev');
    expect(() => createEncryptionCodec(payloadKeysFrom(undefined), inNamespace(''))).toThrow(/namespace/);
  });
});
