import type { RecordedEvent } from '../domain/events';
import type { JourneyState } from '../domain/state';
import type { Pathway, Stage } from '../domain/vocabulary';
import { personActor, teams, teamStaff, type Team } from './actors';
import { mediansFor, type JourneyContext } from './context';
import { DAY_MS } from './durations';
import { JourneyWalker, WalkEnded, type ScriptStep } from './journey-walker';
import { defaultSpanDays, pathwayShares } from './mix';
import { assessment, awareness, indicativeBudgetStage, planning, referral, setup, signOff } from './pipeline-stages';
import { createRandom } from './prng';
import { active, review } from './support-stages';

export interface JourneyScriptOptions {
  seed: number;
  /** The journey's number in the workload: with the seed, it fixes everything drawn for the journey. */
  index: number;
  journeyId: string;
  /** Nothing happens after this instant: later steps are left for the live system. */
  now: Date;
  /** Journeys open uniformly over this many days before `now`. */
  spanDays?: number;
  /** Record the workflow's reminders and alerts as `reminder_sent` events (reviews start either way). */
  reminders?: boolean;
}

/** One journey's commands and events, as far as `now`, and its state then. */
export interface JourneyScript {
  index: number;
  journeyId: string;
  pathway: Pathway;
  team: Team;
  openedAt: string;
  steps: ScriptStep[];
  /** Versions 1..n, backdated `occurredAt`; `eventId` is empty: the writer gives each event its id. */
  events: RecordedEvent[];
  state: JourneyState;
}

const stageScripts: Record<Stage, (j: JourneyContext) => void> = {
  referral,
  awareness,
  assessment,
  indicative_budget: indicativeBudgetStage,
  planning,
  sign_off: signOff,
  setup,
  active,
  review,
  closed: () => {
    throw new WalkEnded('closed');
  },
};

const referralSources: Record<Pathway, readonly string[]> = {
  phb: ['wheelchair service', 'gp', 'hospital', 'self'],
  chc: ['hospital', 'gp', 'district nurse', 'care home'],
  chc_fast_track: ['hospital', 'hospice', 'gp'],
  social_care: ['self', 'gp', 'hospital', 'local authority'],
  integrated: ['school', 'gp', 'health visitor', 'local authority'],
};

/**
 * Generates one journey by walking the real domain from its opening to `now`. Deterministic: the same
 * seed, index, id and `now` give the same script.
 */
export function generateJourneyScript(options: JourneyScriptOptions): JourneyScript {
  const { seed, index, journeyId } = options;
  const random = createRandom(seed, index, 1);
  const nowMs = options.now.getTime();
  const pathway = random.weighted(pathwayShares);
  const team = random.pick(teams);
  const staff = teamStaff(team);
  const walker = new JourneyWalker(nowMs, `seed ${seed}, journey ${index}`, options.reminders ?? true);
  const openedAtMs = Math.round(nowMs - random.next() * (options.spanDays ?? defaultSpanDays) * DAY_MS);
  const opener = staff.coordinator(random);
  const j: JourneyContext = {
    walker,
    random,
    pathway,
    team,
    staff,
    coordinator: opener,
    person: personActor(journeyId),
    medians: mediansFor(pathway),
    plansSubmitted: 0,
    returnedThisCycle: false,
    supportEndsAt: null,
  };
  try {
    walker.act(
      openedAtMs,
      { type: 'open_journey', journeyId, pathway, team, referralSource: random.pick(referralSources[pathway]) },
      opener,
    );
    for (;;) stageScripts[walker.state.stage](j);
  } catch (error) {
    if (!(error instanceof WalkEnded)) throw error;
  }
  return {
    index,
    journeyId,
    pathway,
    team,
    openedAt: new Date(openedAtMs).toISOString(),
    steps: walker.steps,
    events: walker.events,
    state: walker.state,
  };
}
