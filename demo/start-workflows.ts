import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError, type SearchAttributePair } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { fold, initialState, nextDue } from '../domain';
import { readStream } from '../db/event-store';
import { toRecordedEvent } from '../db/projections/journey-changes';
import { journeyStreamId, journeyWorkflowId } from '../domain/ids';
import type { Database } from '../db/schema';
import type { journeyWorkflow } from '../workflows/journey-workflow';
import { searchAttributePairs } from '../workflows/search-attributes';

export interface StartWorkflowsOptions {
  db: Kysely<Database>;
  temporal: Client;
  taskQueue: string;
  /** The policy day the journeys' events were written in: a synthetic workload's are real days. */
  policyDayMs: number;
  /** Journeys looked at, and started, at once. Default 8. */
  concurrency?: number;
  /** Called after every 200 journeys looked at: a few thousand take a minute or two. */
  onProgress?: (looked: number, open: number) => void;
}

export interface StartWorkflowsResult {
  open: number;
  started: number;
  /** Open in the record, but their workflow has finished: left alone (the record and Temporal disagree). */
  finished: number;
}

/**
 * Gives every open journey that has no workflow (one written straight into the event store, as the
 * synthetic workload is) a journey workflow, started with the state folded from its events, as a continued
 * run is: it carries on from there (its next reminder, review or command) like any other journey. A journey
 * whose workflow exists is left alone, so running this again, or after a restart, starts nothing twice.
 */
export async function startMissingWorkflows(options: StartWorkflowsOptions): Promise<StartWorkflowsResult> {
  const { db, temporal, taskQueue, policyDayMs } = options;
  const open = await db.selectFrom('journeys').select('journey_id').where('status', '=', 'open').orderBy('journey_id').execute();
  const result: StartWorkflowsResult = { open: open.length, started: 0, finished: 0 };

  const startOne = async (journeyId: string) => {
    const workflowId = journeyWorkflowId(journeyId);
    try {
      const { status } = await temporal.workflow.getHandle(workflowId).describe();
      if (status.name !== 'RUNNING') result.finished += 1;
      return;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    const state = fold((await readStream(db, journeyStreamId(journeyId))).map(toRecordedEvent), initialState);
    try {
      await temporal.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
        workflowId,
        taskQueue,
        args: [{ journeyId, policyDayMs, state }],
        // Never a second run of a journey whose workflow has finished.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // Only the values it has: a run starts with no empty attribute (the upserts of a run may clear one).
        typedSearchAttributes: searchAttributePairs(state, nextDue(state, policyDayMs)?.dueAt ?? null).filter(
          (pair) => pair.value !== null,
        ) as SearchAttributePair[],
      });
      result.started += 1;
    } catch (error) {
      // Started meanwhile (by another process doing the same): it is running, which is all we want.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };

  let next = 0;
  let looked = 0;
  const worker = async () => {
    while (next < open.length) {
      await startOne(open[next++]!.journey_id);
      if (++looked % 200 === 0) options.onProgress?.(looked, open.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return result;
}
