/**
 * The namespace `npm run histories:record` records in, and so the one the replay tests decode with: each
 * new payload is bound to its namespace (lib/payload-aad.ts), so recordings made in another would not open.
 */
export const recordedHistoriesNamespace = 'default';
