/**
 * What an encrypted payload is bound to: the additional authenticated data (AAD) of its AES-GCM seal,
 * which must be the same to open it as it was to seal it. A payload names its scheme in the metadata
 * field `encryption-aad`, and the name is itself part of the AAD, so stripping or changing the marker
 * (or the namespace, or the key id) fails the tag instead of opening the payload under a weaker scheme.
 *
 * Why the namespace and not the workflow: the codec-server protocol that the Temporal Web UI and CLI use
 * carries only the namespace (`X-Namespace`), and SDK 1.24's serialization context (namespace and
 * workflow id) is experimental and absent on some paths (our own codec calls, the codec server). So
 * namespace + key id is the binding: ciphertext cannot move between namespaces (deployments,
 * environments), though it can between workflows of one namespace.
 */

/** The metadata field naming the scheme; payloads without it were sealed before namespaces were bound. */
export const AAD_SCHEME_FIELD = 'encryption-aad';

/** The scheme of every new payload: the scheme's name, the namespace and the key id. */
export const NAMESPACE_V1 = 'namespace-v1';

export interface AadBinding {
  namespace: string;
  keyId: string;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The AAD of a payload sealed under `scheme` (undefined: no marker); undefined for a scheme we do not know. */
export function aadFor(scheme: string | undefined, { namespace, keyId }: AadBinding): Buffer | undefined {
  // Sealed before this scheme existed (every journey running then): the key id alone, which still
  // lets such a payload move between namespaces that share a key. New payloads never take this path.
  if (scheme === undefined) return utf8(keyId);
  // JSON keeps the parts apart: no namespace and key id can run together into another pair.
  if (scheme === NAMESPACE_V1) return utf8(JSON.stringify([NAMESPACE_V1, namespace, keyId]));
  return undefined;
}
