import type { ApiRequest } from './http-client';
import { approver, coordinator, openJourneyBody } from './test-system';
import type { Principal } from '../../app/principal';

export interface StoredEventView {
  eventId: string;
  version: number;
  type: string;
  occurredAt: string;
  actor: { sub: string; role: string };
  data: any;
}

type Step = { body: Record<string, unknown>; as?: Principal };

const today = () => new Date().toISOString().slice(0, 10);

/** The commands that take a journey from referral to the start of each next stage, in order. */
export const stepsTo = {
  awareness: [
    { body: { type: 'assign_coordinator', coordinator: 'alice' } },
    { body: { type: 'record_consent', given: true, by: 'person' } },
  ],
  assessment: [
    { body: { type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'face_to_face' } },
    { body: { type: 'record_decision', decision: 'proceed' } },
  ],
  indicative_budget: [{ body: { type: 'record_assessment', outcome: 'eligible', needs: ['personal care', 'getting out'] } }],
  planning: [
    {
      body: {
        type: 'set_indicative_budget',
        amountPence: 2_000_000,
        method: 'ready_reckoner',
        trace: [{ label: '20 hours a week at £19.23', amountPence: 2_000_000 }],
      },
    },
    { body: { type: 'record_budget_told', channel: 'phone' } },
  ],
  sign_off: [
    { body: { type: 'record_advice_offer', outcome: 'accepted', provider: 'Local advice service' } },
    {
      body: {
        type: 'submit_plan',
        outcomes: ['Stay living at home'],
        lines: [
          { description: 'Personal assistant hours', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 1_900_000 },
        ],
        risks: [],
      },
    },
  ],
  setup: [{ body: { type: 'approve_plan' }, as: approver }],
  active: [{ body: { type: 'record_support_started', date: today() } }],
} satisfies Record<string, Step[]>;

export type DriveStage = keyof typeof stepsTo;
const order: DriveStage[] = ['awareness', 'assessment', 'indicative_budget', 'planning', 'sign_off', 'setup', 'active'];

/** Drives journeys through the API; `system` needs only a way to make requests. Commands come from `as` (alice of north) unless a step says otherwise. */
export function journeyDriver(system: { request: ApiRequest }, defaults: { as?: Principal } = {}) {
  const staff = defaults.as ?? coordinator;
  const send = async (journeyId: string, body: Record<string, unknown>, as: Principal = staff) => {
    const response = await system.request('POST', `/api/journeys/${journeyId}/commands`, { body, as });
    return response;
  };
  const must = async (journeyId: string, step: Step) => {
    const response = await send(journeyId, step.body, step.as);
    if (response.status !== 200) throw new Error(`${String(step.body.type)} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    send,
    async open(overrides: Record<string, unknown> = {}): Promise<string> {
      const response = await system.request('POST', '/api/journeys', { body: openJourneyBody(overrides), as: staff });
      if (response.status !== 201) throw new Error(`open answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body.journeyId;
    },
    /** Runs every step up to and including entering `stage`. */
    async driveTo(journeyId: string, stage: DriveStage) {
      let journey;
      for (const next of order.slice(0, order.indexOf(stage) + 1)) for (const step of stepsTo[next]) journey = await must(journeyId, step);
      return journey;
    },
    async events(journeyId: string): Promise<StoredEventView[]> {
      return (await system.request('GET', `/api/journeys/${journeyId}/events`, { as: staff })).body.events;
    },
    async journey(journeyId: string) {
      return (await system.request('GET', `/api/journeys/${journeyId}`, { as: staff })).body;
    },
    /** Polls the events until `until` holds; fails with what was seen if it never does. */
    async waitForEvents(journeyId: string, until: (events: StoredEventView[]) => boolean, timeoutMs = 30_000): Promise<StoredEventView[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const events = await this.events(journeyId);
        if (until(events)) return events;
        if (Date.now() > deadline)
          throw new Error(
            `condition not met; events: ${events.map((e) => `${e.version}:${e.type}${e.data?.key ? `(${e.data.key})` : ''}`).join(', ')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
