import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, ServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { failureTypes } from '../../workflows/journey-contract';
import { AppError, conflict, internalError, type Issue } from '../errors';

/** What a Temporal call threw, in the application's terms: once, for every use case. */
export function appErrorFromTemporal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const detail = failure.details?.[0];
    switch (failure.type) {
      case failureTypes.domain:
        return conflict((detail as { code?: string } | undefined)?.code ?? 'not_allowed', failure.message);
      case failureTypes.wrongExpectedVersion:
        return conflict('version_conflict', failure.message);
      case failureTypes.invalidCommand:
        return new AppError(400, 'invalid_input', failure.message, Array.isArray(detail) ? (detail as Issue[]) : undefined);
    }
  }
  // The record says the journey is open but Temporal has no running workflow for it: written straight into
  // the event store (a synthetic workload), or its workflow was terminated. Retrying will not help.
  if (error instanceof WorkflowNotFoundError)
    return conflict(
      'workflow_not_running',
      'This journey cannot take commands: no workflow is running for it (it was written straight into the record, or its workflow was stopped), so nothing was changed. An administrator must restart its workflow from its events first.',
    );
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error))
    return new AppError(503, 'temporal_unavailable', 'The workflow service did not answer in time; nothing was changed. Try again.');
  // Anything else is ours to fix; the message is generic so no detail of a journey leaks.
  return internalError(error);
}

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

function isUnavailable(error: unknown): boolean {
  const grpc = isGrpcServiceError(error) ? error : error instanceof ServiceError && isGrpcServiceError(error.cause) ? error.cause : null;
  return grpc !== null && (grpc.code === UNAVAILABLE || grpc.code === DEADLINE_EXCEEDED);
}
