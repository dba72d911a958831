import { patched, sleep } from '@temporalio/workflow';
import { journeyWorkflow as current } from '../../workflows/journey-workflow';
import type { JourneyWorkflowInput } from '../../workflows/journey-contract';

/** The same change behind `patched()`: recorded journeys keep their old path, new ones take the new. */
export async function journeyWorkflow(input: JourneyWorkflowInput): Promise<void> {
  if (patched('pause-before-start')) await sleep('1 second');
  return current(input);
}
