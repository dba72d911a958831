import { taskKinds } from '../../../domain/tasks/task';
import { stages } from '../../../domain/vocabulary';
import { emptyTally, median, tallyScript, type DurationKind, type MixTally } from '../../../workload/mix-tally';
import { NOW, scripts } from './workload-fixture';

const share = (part: number, whole: number) => part / whole;

/** domain.md's medians ("Realistic volumes"), with a tolerance that allows for the sample's size. */
const expectedMedians: [DurationKind, number, number][] = [
  ['awareness', 7, 0.15],
  ['assessment', 21, 0.15],
  ['indicative_budget', 3, 0.15],
  ['first_planning', 21, 0.15],
  ['sign_off', 7, 0.15],
  ['sign_off_panel', 20, 0.3],
  ['setup_notional', 10, 0.15],
  ['setup_third_party', 21, 0.3],
  ['setup_direct_payment', 45, 0.15],
];

describe('the workload mix of 2,000 journeys (domain.md, "Realistic volumes")', () => {
  const sample = scripts(7, 2000);
  const tally: MixTally = emptyTally();
  for (const script of sample) tallyScript(tally, script, NOW);

  it('mixes pathways: half wheelchair PHBs, 15% CHC (a few fast track), 15% children and young people, 20% other', () => {
    const n = tally.journeys;
    expect(share(tally.pathways.phb, n)).toBeCloseTo(0.5, 1);
    expect(share(tally.pathways.chc + tally.pathways.chc_fast_track, n)).toBeGreaterThan(0.12);
    expect(share(tally.pathways.chc + tally.pathways.chc_fast_track, n)).toBeLessThan(0.18);
    expect(tally.pathways.chc_fast_track).toBeGreaterThan(0);
    expect(tally.pathways.chc_fast_track).toBeLessThan(tally.pathways.chc / 2);
    expect(share(tally.pathways.integrated, n)).toBeGreaterThan(0.12);
    expect(share(tally.pathways.integrated, n)).toBeLessThan(0.18);
    expect(share(tally.pathways.social_care, n)).toBeGreaterThan(0.17);
    expect(share(tally.pathways.social_care, n)).toBeLessThan(0.23);
  });

  it('gives children and young people an education funding line', () => {
    const plans = sample
      .filter((s) => s.pathway === 'integrated')
      .flatMap((s) => s.events.filter((e) => e.type === 'plan_submitted'))
      .map((e) => (e.type === 'plan_submitted' ? e.data.perStream.education : 0));
    expect(plans.length).toBeGreaterThan(50);
    expect(plans.every((education) => education > 0)).toBe(true);
  });

  it('has a fifth decline at awareness', () => {
    const rate = share(tally.decisions.decline, tally.decisions.decline + tally.decisions.proceed);
    expect(rate).toBeGreaterThan(0.17);
    expect(rate).toBeLessThan(0.23);
  });

  it('finds 20-30% of CHC assessments ineligible', () => {
    const rate = share(tally.chcAssessments.ineligible, tally.chcAssessments.ineligible + tally.chcAssessments.eligible);
    expect(rate).toBeGreaterThan(0.18);
    expect(rate).toBeLessThan(0.32);
  });

  it('returns a quarter of first plans, and sends about 10% of sign-offs to a panel', () => {
    const returned = share(tally.firstSignOffs.returned, tally.firstSignOffs.decided);
    expect(returned).toBeGreaterThan(0.21);
    expect(returned).toBeLessThan(0.29);
    const routed = tally.routes.team_lead + tally.routes.manager + tally.routes.panel;
    expect(share(tally.routes.panel, routed)).toBeGreaterThan(0.07);
    expect(share(tally.routes.panel, routed)).toBeLessThan(0.13);
  });

  it('leaves about 15% of reviews overdue', () => {
    expect(tally.reviews.known).toBeGreaterThan(500);
    const rate = share(tally.reviews.overdue, tally.reviews.known);
    expect(rate).toBeGreaterThan(0.11);
    expect(rate).toBeLessThan(0.19);
  });

  it.each(expectedMedians)('has a median %s wait near %d days', (kind, days, tolerance) => {
    const waits = tally.durations[kind];
    expect(waits.length).toBeGreaterThan(40);
    expect(median(waits)).toBeGreaterThan(days * (1 - tolerance));
    expect(median(waits)).toBeLessThan(days * (1 + tolerance));
  });

  it('has open journeys in every stage at now, some over target and some breached', () => {
    expect(stages.filter((stage) => tally.stagesAtNow[stage] === 0)).toEqual([]);
    expect(tally.overTargetAtNow).toBeGreaterThan(0);
    expect(tally.breachedAtNow).toBeGreaterThan(0);
    expect(tally.breachedAtNow).toBeLessThan(tally.overTargetAtNow);
  });

  it('closes journeys for every kind of reason, puts some on hold, and withdraws some', () => {
    const reasons = ['declined', 'ineligible', 'refused', 'withdrawn', 'died', 'moved', 'ended', 'no_longer_eligible'];
    expect(reasons.filter((reason) => !tally.closedReasons[reason])).toEqual([]);
    const held = sample.filter((s) => s.events.some((e) => e.type === 'journey_put_on_hold')).length;
    expect(held).toBeGreaterThan(20);
  });

  it('records a few reminders per journey, as the workflow would', () => {
    const perJourney = tally.reminders / tally.journeys;
    expect(perJourney).toBeGreaterThan(3);
    expect(perJourney).toBeLessThan(15);
    // Tasks add their opening and closing to the staff-directed points and the stages' work.
    expect(tally.events / tally.journeys).toBeLessThan(60);
  });

  it('opens staff tasks as the workflow would, and leaves some open at now, some of them overdue', () => {
    const openAtNow = sample.flatMap((s) => Object.values(s.state.tasks ?? {}));
    expect(new Set(openAtNow.map((task) => task.kind))).toEqual(new Set(taskKinds));
    expect(openAtNow.filter((task) => Date.parse(task.dueAt) < NOW.getTime()).length).toBeGreaterThan(0);
    // Every task opened is either open at now or closed by an event.
    for (const s of sample.slice(0, 200)) {
      const opened = s.events.filter((e) => e.type === 'task_opened').length;
      const closed = s.events.filter((e) => e.type === 'task_completed' || e.type === 'task_cancelled').length;
      expect(opened).toBe(closed + Object.keys(s.state.tasks ?? {}).length);
    }
  });
});
