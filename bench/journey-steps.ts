import type { Client } from '@temporalio/client';
import type { Principal } from '../app/principal';
import type { ApiRequest } from '../test/support/http-client';
import { stepsTo } from '../test/support/journey-driver';
import { openJourneyBody } from '../test/support/test-system';

/** The commands from referral to support started, in order (twelve of them), as the tests drive them. */
export const journeyCommands: Array<{ body: Record<string, unknown>; as?: Principal }> = Object.values(stepsTo).flat();

/** Opens a journey through the API; resolves when the journey_opened events are appended (201). */
export async function openJourney(request: ApiRequest, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await request('POST', '/api/journeys', { body: openJourneyBody(overrides) });
  if (response.status !== 201) throw new Error(`open answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.journeyId as string;
}

/** Sends one command and insists on 200. */
export async function sendCommand(
  request: ApiRequest,
  journeyId: string,
  step: { body: Record<string, unknown>; as?: Principal },
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await request('POST', `/api/journeys/${journeyId}/commands`, { body: step.body, as: step.as, headers });
  if (response.status !== 200) throw new Error(`${String(step.body.type)} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

export interface HistoryShape {
  updates: number;
  /** Activity types scheduled, in order. */
  activities: string[];
  timers: number;
  workflowTasks: number;
  /** For each update in order: whether a message activity (notifyEvent) followed it. */
  notifyAfterUpdate: boolean[];
}

/** Counts what one workflow run did: updates, activities, timers, workflow tasks. */
export async function historyShape(client: Client, workflowId: string): Promise<HistoryShape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const shape: HistoryShape = { updates: 0, activities: [], timers: 0, workflowTasks: 0, notifyAfterUpdate: [] };
  for (const event of history.events ?? []) {
    if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      shape.updates += 1;
      shape.notifyAfterUpdate.push(false);
    } else if (event.activityTaskScheduledEventAttributes) {
      const type = event.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
      shape.activities.push(type);
      if (type === 'notifyEvent' && shape.updates > 0) shape.notifyAfterUpdate[shape.updates - 1] = true;
    } else if (event.timerStartedEventAttributes) shape.timers += 1;
    else if (event.workflowTaskCompletedEventAttributes) shape.workflowTasks += 1;
  }
  return shape;
}

/** Resolves once none of the workflows has an activity or a workflow task pending: the messages owed after the last step are sent. */
export async function activitiesSettled(client: Client, workflowIds: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of workflowIds) {
    for (;;) {
      const described = await client.workflow.getHandle(id).describe();
      if ((described.raw.pendingActivities ?? []).length === 0 && !described.raw.pendingWorkflowTask) break;
      if (Date.now() > deadline) throw new Error(`activities of ${id} still pending`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
