import { randomUUID } from 'node:crypto';
import type { Principal } from '../../app/principal';
import type { ApiRequest } from '../../test/support/http-client';
import { openJourneyBody } from '../../test/support/test-system';
import { journeyCommands } from '../journey-steps';

type Step = { body: Record<string, unknown>; as?: Principal };

/** What a client was told: a command (or an opening) the API acknowledged, under its Idempotency-Key. */
export interface Acknowledged {
  journeyId: string;
  type: string;
  key: string;
}

export interface LoadLog {
  opened: Set<string>;
  acknowledged: Acknowledged[];
  /** Keys still unanswered when the run stopped: they may or may not have taken effect. */
  unresolved: Acknowledged[];
  /** Answers no client should get (a 4xx other than a refusal of the racing command). */
  unexpected: string[];
  duplicatesSent: number;
  concurrentPairs: number;
  retries: number;
}

export const emptyLog = (): LoadLog => ({
  opened: new Set(),
  acknowledged: [],
  unresolved: [],
  unexpected: [],
  duplicatesSent: 0,
  concurrentPairs: 0,
  retries: 0,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Clients that open journeys and drive them step by step, as coordinators would through an unreliable
 * network: every request carries an Idempotency-Key and is retried with the same key until it gets an
 * answer that is not an outage (5xx or a dropped connection). Now and then a request is sent twice at once
 * with the same key (a duplicate), two different commands race on one journey (concurrent), or a journey
 * is put on hold and resumed.
 */
export function chaosLoad(request: ApiRequest, random: () => number, log: LoadLog) {
  let stopping = false;
  let hardStop = false;

  /** Sends until answered; the answer's status, or null if the run stopped first (the key stays unresolved). */
  const deliver = async (
    journeyId: string | null,
    type: string,
    send: () => Promise<{ status: number; body: any }>,
    key: string,
  ): Promise<{ status: number; body: any } | null> => {
    for (;;) {
      if (hardStop) {
        log.unresolved.push({ journeyId: journeyId ?? '?', type, key });
        return null;
      }
      const answer = await send().catch(() => ({ status: 599, body: null }));
      if (answer.status < 500) return answer;
      log.retries += 1;
      await sleep(500 + random() * 1000);
    }
  };

  const command = async (
    journeyId: string,
    step: Step,
    options: { duplicate?: boolean; mayBeRefused?: boolean } = {},
  ): Promise<'ok' | 'refused' | 'stopped'> => {
    const key = randomUUID();
    const type = String(step.body.type);
    const send = () =>
      request('POST', `/api/journeys/${journeyId}/commands`, { body: step.body, as: step.as, headers: { 'Idempotency-Key': key } });
    let answer: { status: number; body: any } | null;
    if (options.duplicate) {
      log.duplicatesSent += 1;
      const [first, second] = await Promise.all([deliver(journeyId, type, send, key), deliver(journeyId, type, send, key)]);
      // Two deliveries of one key are one command: both must say the same, and it counts once.
      if (first && second && first.status !== second.status)
        log.unexpected.push(`duplicate ${type} answered ${first.status} and ${second.status}`);
      answer = first ?? second;
    } else answer = await deliver(journeyId, type, send, key);
    if (!answer) return 'stopped';
    if (answer.status === 200) {
      log.acknowledged.push({ journeyId, type, key });
      return 'ok';
    }
    if (answer.status === 409 && options.mayBeRefused) return 'refused';
    log.unexpected.push(`${type} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
    return 'refused';
  };

  const open = async (): Promise<string | null> => {
    const key = randomUUID();
    const answer = await deliver(
      null,
      'open',
      () => request('POST', '/api/journeys', { body: openJourneyBody(), headers: { 'Idempotency-Key': key } }),
      key,
    );
    if (!answer) return null;
    if (answer.status !== 201) {
      log.unexpected.push(`open answered ${answer.status}`);
      return null;
    }
    const journeyId = answer.body.journeyId as string;
    log.opened.add(journeyId);
    log.acknowledged.push({ journeyId, type: 'open', key });
    return journeyId;
  };

  const drive = async (journeyId: string) => {
    for (let i = 0; i < journeyCommands.length && !stopping;) {
      const step = journeyCommands[i]!;
      const dice = random();
      if (dice < 0.1) {
        // A duplicate: the same key twice at once.
        if ((await command(journeyId, step, { duplicate: true })) === 'ok') i += 1;
      } else if (dice < 0.2 && i + 1 < journeyCommands.length) {
        // Concurrent: this step and the next race; the next is refused (409) unless it lands second.
        log.concurrentPairs += 1;
        const [now, next] = await Promise.all([
          command(journeyId, step),
          command(journeyId, journeyCommands[i + 1]!, { mayBeRefused: true }),
        ]);
        if (now === 'ok') i += next === 'ok' ? 2 : 1;
      } else if (dice < 0.25) {
        // Not every stage may be held: a refusal here is an answer, not a fault.
        if ((await command(journeyId, { body: { type: 'put_on_hold', reason: 'chaos: a pause' } }, { mayBeRefused: true })) === 'ok')
          await command(journeyId, { body: { type: 'resume' } });
      } else if ((await command(journeyId, step)) === 'ok') i += 1;
      else if (hardStop) return;
      await sleep(random() * 300);
    }
  };

  const client = async () => {
    while (!stopping) {
      const journeyId = await open();
      if (journeyId) await drive(journeyId);
    }
  };

  return {
    start(clients: number): Promise<void> {
      return Promise.all(Array.from({ length: clients }, client)).then(() => undefined);
    },
    /** No new steps; requests in flight still get their answers, until `abandon`. */
    stop() {
      stopping = true;
    },
    abandon() {
      hardStop = true;
    },
  };
}
