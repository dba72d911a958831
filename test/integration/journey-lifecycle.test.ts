import { approver, coordinator, manager, startTestSystem, type TestSystem } from '../support/test-system';
import { journeyDriver } from '../support/journey-driver';

/** Whole journeys on the real dev server, driven over HTTP, with real policy days (no timer fires). */
describe('the journey workflow, stage by stage', () => {
  let system: TestSystem;
  let drive: ReturnType<typeof journeyDriver>;
  beforeAll(async () => {
    system = await startTestSystem();
    drive = journeyDriver(system);
  });
  afterAll(() => system.stop());

  const stagesOf = (events: { type: string; data: any }[]) => events.filter((e) => e.type === 'stage_changed').map((e) => e.data.to);

  it('drives a journey through every stage to active support, keeping the lessons', async () => {
    const id = await drive.open();
    const journey = await drive.driveTo(id, 'active');
    expect(journey).toMatchObject({ stage: 'active', status: 'open', waitingOn: null });
    expect(journey.lessons).toMatchObject({
      toldAboutBudgets: true,
      optionsExplained: true,
      amountTold: true,
      independentAdviceOffered: true,
    });
    expect(journey.budget.indicative.amountPence).toBe(2_000_000);
    expect(journey.budget.final.totalPence).toBe(1_900_000);
    expect(journey.nextReviewDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const events = await drive.events(id);
    expect(stagesOf(events)).toEqual([
      'referral',
      'awareness',
      'assessment',
      'indicative_budget',
      'planning',
      'sign_off',
      'setup',
      'active',
    ]);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.find((e) => e.type === 'plan_approved')?.actor).toEqual({ sub: 'ash', role: 'approver' });
  });

  it('enforces the lessons: planning waits until the amount has been told, not only calculated', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'indicative_budget');
    const calculated = await drive.send(id, { type: 'set_indicative_budget', amountPence: 1_500_000, method: 'ras', trace: [] });
    expect(calculated.body.stage).toBe('indicative_budget');
    const early = await drive.send(id, {
      type: 'submit_plan',
      outcomes: ['x'],
      lines: [{ description: 'y', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 1 }],
      risks: [],
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/told|stage/i);
  });

  it('sends a returned plan back to planning with the reasons, and approves the revised plan', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'sign_off');
    const returned = await drive.send(id, { type: 'return_plan', reasons: ['Cost the respite nights'] }, approver);
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ stage: 'planning' });
    const resubmitted = await drive.send(id, {
      type: 'submit_plan',
      outcomes: ['Stay living at home'],
      lines: [{ description: 'PA hours and respite', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 2_100_000 }],
      risks: [],
    });
    expect(resubmitted.body.stage).toBe('sign_off');
    expect((await drive.send(id, { type: 'approve_plan' }, approver)).body.stage).toBe('setup');
    const events = await drive.events(id);
    expect(events.find((e) => e.type === 'plan_returned')?.data.reasons).toEqual(['Cost the respite nights']);
    expect(stagesOf(events).slice(-4)).toEqual(['sign_off', 'planning', 'sign_off', 'setup']);
  });

  it('closes a refused plan with its reasons; the closed journey refuses further commands with 409', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'sign_off');
    const refused = await drive.send(id, { type: 'refuse_plan', reasons: ['Outside the eligible needs'] }, manager);
    expect(refused.body).toMatchObject({ status: 'closed', stage: 'closed', closedReason: 'refused' });
    const after = await drive.send(id, { type: 'put_on_hold', reason: 'hospital' });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('journey_closed');
    expect((await drive.events(id)).find((e) => e.type === 'plan_refused')?.data.reasons).toEqual(['Outside the eligible needs']);
  });

  it('serves the honest timeline of a live journey over HTTP, with a forecast to support starting', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'planning');
    const { status, body } = await system.request('GET', `/api/journeys/${id}/timeline`);
    expect(status).toBe(200);
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'referral',
      'awareness',
      'assessment',
      'indicative_budget',
      'planning',
    ]);
    expect(body.stages[1]).toMatchObject({ targetDays: 14, waitingOn: [{ party: 'person' }], breached: false });
    expect(body.current).toMatchObject({ stage: 'planning', targetDays: 28, waitingOn: 'person' });
    expect(body.forecast.remaining.map((s: { stage: string }) => s.stage)).toEqual(['planning', 'sign_off', 'setup']);
    expect(body.forecast.goal).toBe('support_starts');
    expect(Date.parse(body.forecast.completionP90)).toBeGreaterThanOrEqual(Date.parse(body.forecast.completionP50));
    expect(Date.parse(body.forecast.completionP50)).toBeGreaterThan(Date.now());
  });

  it('tells the person their next steps in plain English, and their budget only once told', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'indicative_budget');
    await drive.send(id, {
      type: 'set_indicative_budget',
      amountPence: 2_000_000,
      method: 'ready_reckoner',
      trace: [{ label: 'Care at home', amountPence: 2_000_000 }],
    });
    const before = await system.request('GET', `/api/journeys/${id}/next-steps`, {
      as: { sub: 'p1', role: 'person', teams: [], journeyId: id },
    });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ stage: 'indicative_budget', budget: null, format: 'standard' });
    expect(JSON.stringify(before.body)).not.toContain('£');
    await drive.send(id, { type: 'record_budget_told', channel: 'phone' });
    const after = (await system.request('GET', `/api/journeys/${id}/next-steps`)).body;
    expect(after.stage).toBe('planning');
    expect(after.budget).toContain('£20,000');
    expect(after.sentences.length).toBeGreaterThan(3);
    for (const sentence of after.sentences) expect(sentence.split(/\s+/).length).toBeLessThanOrEqual(25);
  });

  it('closes the journey when the person declines at awareness', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'awareness');
    await drive.send(id, { type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'letter' });
    const declined = await drive.send(
      id,
      { type: 'record_decision', decision: 'decline' },
      { sub: 'p1', role: 'person', teams: [], journeyId: id },
    );
    expect(declined.body).toMatchObject({ status: 'closed', closedReason: 'declined' });
  });

  it('refuses to leave awareness before the person has heard about budgets and the options', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'awareness');
    const early = await drive.send(id, { type: 'record_decision', decision: 'proceed' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('information_not_given');
  });

  it('closes an ineligible assessment with the reason', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'assessment');
    const ineligible = await drive.send(id, {
      type: 'record_assessment',
      outcome: 'ineligible',
      needs: [],
      reason: 'Needs do not meet the primary health need test',
    });
    expect(ineligible.body).toMatchObject({ status: 'closed', closedReason: 'ineligible' });
    expect((await drive.events(id)).find((e) => e.type === 'assessment_recorded')?.data.reason).toMatch(/primary health need/);
  });

  it('holds a journey: moves wait for resume, and resume lets them through', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'assessment');
    expect((await drive.send(id, { type: 'put_on_hold', reason: 'In hospital' })).body.onHold).toBe(true);
    const blocked = await drive.send(id, { type: 'record_assessment', outcome: 'eligible', needs: ['care'] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('on_hold');
    expect((await drive.send(id, { type: 'resume' })).body.onHold).toBe(false);
    expect((await drive.send(id, { type: 'record_assessment', outcome: 'eligible', needs: ['care'] })).body.stage).toBe(
      'indicative_budget',
    );
  });

  it('withdraws at any stage at the person’s wish', async () => {
    const id = await drive.open();
    await drive.driveTo(id, 'planning');
    const withdrawn = await drive.send(id, { type: 'withdraw', reason: 'Prefers the current services' }, coordinator);
    expect(withdrawn.body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
  });
});
