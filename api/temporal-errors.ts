import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, ServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { failureTypes } from '../workflows/messages';
import { HttpError, type Issue } from './http-error';

/** Maps what a Temporal call threw to the contract's statuses, once, for every route. */
export function httpErrorFromTemporal(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const detail = failure.details?.[0];
    switch (failure.type) {
      case failureTypes.domain:
        return new HttpError(409, (detail as { code?: string } | undefined)?.code ?? 'not_allowed', failure.message);
      case failureTypes.wrongExpectedVersion:
        return new HttpError(409, 'version_conflict', failure.message);
      case failureTypes.invalidCommand:
        return new HttpError(400, 'invalid_input', failure.message, Array.isArray(detail) ? (detail as Issue[]) : undefined);
    }
  }
  // The record says the journey is open but Temporal has no running workflow for it: written straight into
  // the event store (a synthetic workload), or its workflow was terminated. Retrying will not help.
  if (error instanceof WorkflowNotFoundError)
    return new HttpError(
      409,
      'workflow_not_running',
      'This journey cannot take commands: no workflow is running for it (it was written straight into the record, or its workflow was stopped), so nothing was changed. An administrator must restart its workflow from its events first.',
    );
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error))
    return new HttpError(503, 'temporal_unavailable', 'The workflow service did not answer in time; nothing was changed. Try again.');
  // Anything else is ours to fix; the message is generic so no detail of a journey leaks.
  return new HttpError(500, 'internal_error', 'Something went wrong on our side.', undefined, { cause: error });
}

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

function isUnavailable(error: unknown): boolean {
  const grpc = isGrpcServiceError(error) ? error : error instanceof ServiceError && isGrpcServiceError(error.cause) ? error.cause : null;
  return grpc !== null && (grpc.code === UNAVAILABLE || grpc.code === DEADLINE_EXCEEDED);
}
