import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into the payload codec (encrypted) instead of staying in plain text
 * in the history: a refusal or a provider's error may quote a person's details. The stored failure says
 * only "Encoded failure"; clients and workers with the codec read the real message back.
 *
 * Loaded by path (`failureConverterPath`), as the SDK requires: the workflow bundle takes its failure
 * converter from this module, and clients and workers load the same one. Bundled into workflow code, so it
 * imports nothing but the SDK.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
