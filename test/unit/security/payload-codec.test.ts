import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { createEncryptionCodec, payloadKeysFrom, PayloadDecryptionError } from '../../../lib/payload-codec';

const key = () => randomBytes(32).toString('base64');
const plain = (text: string): Payload => ({ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode(text) });
const str = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('the payload codec (AES-256-GCM, key id in the metadata)', () => {
  it('given a payload, when encoded and decoded, then it is unchanged, and the ciphertext differs every time', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(`k1:${key()}`));
    const [a, b] = await codec.encode([plain('"Ada Example 9434765919"'), plain('"Ada Example 9434765919"')]);
    expect(str(a!.metadata!.encoding)).toBe('binary/encrypted');
    expect(str(a!.metadata!['encryption-key-id'])).toBe('k1');
    expect(str(a!.data)).not.toContain('Ada');
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    const [decoded] = await codec.decode([a!]);
    expect(str(decoded!.data)).toBe('"Ada Example 9434765919"');
    expect(str(decoded!.metadata!.encoding)).toBe('json/plain');
  });

  it('given a rotated key, when old payloads are decoded, then the old key still opens them while new ones use the new key', async () => {
    const [k1, k2] = [key(), key()];
    const before = createEncryptionCodec(payloadKeysFrom(`k1:${k1}`));
    const after = createEncryptionCodec(payloadKeysFrom(`k1:${k1},k2:${k2}`, 'k2'));
    const [old] = await before.encode([plain('"old"')]);
    const [fresh] = await after.encode([plain('"new"')]);
    expect(str(fresh!.metadata!['encryption-key-id'])).toBe('k2');
    expect((await after.decode([old!, fresh!])).map((p) => str(p.data))).toEqual(['"old"', '"new"']);
    // Once the old key is removed, its payloads no longer open, and the error names only the key.
    const retired = createEncryptionCodec(payloadKeysFrom(`k2:${k2}`));
    await expect(retired.decode([old!])).rejects.toThrow(new PayloadDecryptionError('The payload was encrypted with key "k1", which is not configured (PAYLOAD_KEYS).'));
  });

  it('given altered ciphertext or a forged key id, when decoded, then it fails without saying what the payload held', async () => {
    const [k1, k2] = [key(), key()];
    const codec = createEncryptionCodec(payloadKeysFrom(`k1:${k1},k2:${k2}`));
    const [sealed] = await codec.encode([plain('"secret NHS 9434765919"')]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20]! ^= 0xff;
    await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/did not decrypt with key "k1"/);
    // The key id is bound to the ciphertext: relabelling it to another configured key fails too.
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': new TextEncoder().encode('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([{ ...sealed!, data: new Uint8Array(5) }])).rejects.toThrow(/truncated/);
    await codec.decode([{ ...sealed!, data: flipped }]).catch((error: Error) => expect(error.message).not.toMatch(/secret|9434765919/));
  });

  it('given a payload written before encryption, when decoded, then it passes through', async () => {
    const codec = createEncryptionCodec(payloadKeysFrom(undefined));
    const [out] = await codec.decode([plain('"recorded history"')]);
    expect(str(out!.data)).toBe('"recorded history"');
  });

  it('given bad PAYLOAD_KEYS or PAYLOAD_KEY_ID, then it refuses to start, naming the problem', () => {
    expect(() => payloadKeysFrom('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    const material = key();
    expect(() => payloadKeysFrom(`nocolon${material}`)).toThrow(/id:base64.*"\(no id\)"/);
    expect(() => payloadKeysFrom(`nocolon${material}`)).not.toThrow(material);
    expect(() => payloadKeysFrom(`k1:${key()}`, 'k9')).toThrow(/PAYLOAD_KEY_ID "k9"/);
    expect(payloadKeysFrom(undefined).currentKeyId).toBe('dev');
  });
});
