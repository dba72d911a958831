import { sleep } from '@temporalio/workflow';
import { journeyWorkflow as current } from '../../workflows/journey-workflow';
import type { JourneyWorkflowInput } from '../../workflows/journey-contract';

/** A change to workflow logic that running journeys would see, made without `patched()`: it must fail replay. */
export async function journeyWorkflow(input: JourneyWorkflowInput): Promise<void> {
  await sleep('1 second');
  return current(input);
}
