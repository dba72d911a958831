import type { Principal } from '../../app/principal';
import { journeyDriver } from '../support/journey-driver';
import { eventually } from '../support/mailbox';
import { approver, coordinator, manager, startTestSystem, type TestSystem } from '../support/test-system';

interface Task {
  taskId: string;
  journeyId: string;
  kind: string;
  role: string;
  assignee: string | null;
  status: string;
  reason: string;
  outcome: string | null;
  closedReason: string | null;
  closedBy: string | null;
  overdue: boolean;
}

/**
 * Tasks on the real dev server: the journey's staff work opened, taken, done and cancelled by its own
 * workflow, read through the tasks API. Short policy days (a day is 150 ms), so that due points come.
 */
describe('tasks: staff work that reaches the people who must act', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ POLICY_DAY_MS: '150' });
  });
  afterAll(() => system.stop());

  const tasksOf = async (journeyId: string, status = 'open', as: Principal = manager): Promise<Task[]> =>
    (await system.request('GET', `/api/tasks?journeyId=${journeyId}&status=${status}&limit=200`, { as })).body.tasks;
  const waitForTasks = (journeyId: string, until: (tasks: Task[]) => boolean, status = 'open') =>
    eventually(
      async () => {
        const tasks = await tasksOf(journeyId, status);
        return until(tasks) ? tasks : undefined;
      },
      async () => JSON.stringify(await tasksOf(journeyId, status)),
    );

  it("opens the coordinator's reminder, then the manager's alert, for a journey left waiting; the stage moving on cancels both", async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    await drive.driveTo(id, 'assessment');
    // Assessment waits on the assessor: half its 28-day target is 2.1 s here, the whole target 4.2 s.
    const reminded = await waitForTasks(id, (tasks) => tasks.some((t) => t.kind === 'coordinator_reminder'));
    expect(reminded.find((t) => t.kind === 'coordinator_reminder')).toMatchObject({
      role: 'coordinator',
      assignee: 'alice',
      status: 'open',
    });
    const alerted = await waitForTasks(id, (tasks) => tasks.some((t) => t.kind === 'manager_alert'));
    expect(alerted.find((t) => t.kind === 'manager_alert')).toMatchObject({ role: 'manager', assignee: null, status: 'open' });
    // The staff messages of those due points were delivered by being on a task list, naming their tasks.
    const staffRows = await eventually(
      async () => {
        const rows = (await system.request('GET', `/api/journeys/${id}/notifications`, { as: manager })).body.notifications as Array<{
          channel: string;
          reason: string;
          status: string;
          provider: string | null;
          providerId: string | null;
        }>;
        const mine = rows.filter((row) => row.channel === 'task' && row.reason.startsWith('assessment:'));
        return mine.length === 2 && mine.every((row) => row.status === 'sent') ? mine : undefined;
      },
      () => 'the staff rows were never settled',
    );
    const taskIds = alerted
      .filter((t) => t.reason.startsWith('assessment:'))
      .map((t) => t.taskId)
      .sort();
    expect(staffRows.map((row) => [row.provider, row.providerId]).sort()).toEqual(taskIds.map((taskId) => ['task_list', taskId]));
    // Each due point opened its task once.
    const opened = (await drive.events(id)).filter((e) => e.type === 'task_opened').map((e) => e.data.key);
    expect(opened).toEqual([...new Set(opened)]);

    expect((await drive.send(id, { type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] })).status).toBe(200);
    // (With days this short, the referral's own reminder may have come and gone on the way: only the assessment's count here.)
    const cancelled = (await tasksOf(id, 'cancelled')).filter((t) => t.reason.startsWith('assessment:'));
    expect(cancelled.map((t) => [t.kind, t.closedReason]).sort()).toEqual([
      ['coordinator_reminder', 'wait_ended'],
      ['manager_alert', 'wait_ended'],
    ]);
    expect((await tasksOf(id)).filter((t) => ['coordinator_reminder', 'manager_alert'].includes(t.kind))).toEqual([]);
  });

  it('lets a coordinator of the team claim a task from the queue and complete it with an outcome, attributed to them', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    const [referral] = await waitForTasks(id, (tasks) => tasks.length > 0);
    expect(referral).toMatchObject({ kind: 'pick_up_referral', assignee: null });
    const claimed = await system.request('POST', `/api/tasks/${referral!.taskId}/claim`, { as: coordinator });
    expect(claimed).toMatchObject({ status: 200, body: { taskId: referral!.taskId, assignee: 'alice', status: 'open' } });
    const other: Principal = { sub: 'bea', role: 'coordinator', teams: ['north'] };
    // Someone else of the team has it now: 409, with whose it is.
    const taken = await system.request('POST', `/api/tasks/${referral!.taskId}/claim`, { as: other });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('task_taken');
    const completed = await system.request('POST', `/api/tasks/${referral!.taskId}/complete`, {
      as: coordinator,
      body: { outcome: 'Called the GP; consent to follow' },
    });
    expect(completed).toMatchObject({
      status: 200,
      body: { status: 'done', outcome: 'Called the GP; consent to follow', closedBy: 'alice' },
    });
    // Closed: completing it again is a 409 that says so, and changes nothing.
    const again = await system.request('POST', `/api/tasks/${referral!.taskId}/complete`, { as: coordinator, body: { outcome: 'Again' } });
    expect(again.status).toBe(409);
    const events = await drive.events(id);
    expect(events.filter((e) => e.type.startsWith('task_')).map((e) => [e.type, e.actor.sub])).toEqual([
      ['task_opened', 'alice'],
      ['task_assigned', 'alice'],
      ['task_completed', 'alice'],
    ]);
    // An outcome is required: 400 naming the field, and nothing written.
    const id2 = await drive.open();
    const [queued] = await waitForTasks(id2, (tasks) => tasks.length > 0);
    const missing = await system.request('POST', `/api/tasks/${queued!.taskId}/complete`, { as: coordinator, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toContain('outcome');
  });

  it("hides a team's tasks from a coordinator of another team, in the list and on every action (404)", async () => {
    const id = await journeyDriver(system).open();
    const [task] = await waitForTasks(id, (tasks) => tasks.length > 0);
    const south: Principal = { sub: 'sol', role: 'coordinator', teams: ['south'] };
    const listed = (await system.request('GET', '/api/tasks?limit=200', { as: south })).body.tasks as Task[];
    expect(listed.map((t) => t.journeyId)).not.toContain(id);
    for (const action of ['claim', 'release', 'assign', 'snooze', 'complete']) {
      const answer = await system.request('POST', `/api/tasks/${task!.taskId}/${action}`, {
        as: south,
        body: { to: 'sol', until: '2030-01-01T00:00:00Z', reason: 'x', outcome: 'x' },
      });
      expect([action, answer.status]).toEqual([action, 404]);
    }
    // The approver's work is theirs to take; a coordinator may not.
    const approvers = (await system.request('GET', `/api/tasks?journeyId=${id}`, { as: approver })).body.tasks as Task[];
    expect(approvers.map((t) => t.taskId)).toContain(task!.taskId);
    expect((await system.request('POST', `/api/tasks/${task!.taskId}/claim`, { as: approver })).status).toBe(403);
  });

  it('says what the caller may do to a journey now, with what blocks the rest', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    const { body } = await system.request('GET', `/api/journeys/${id}/actions`);
    const byType = new Map((body.actions as Array<{ type: string; allowed: boolean; blockedBy?: string }>).map((a) => [a.type, a]));
    expect(byType.get('assign_coordinator')).toMatchObject({ allowed: true });
    expect(byType.get('submit_plan')).toMatchObject({ allowed: false, blockedBy: expect.stringMatching(/plan|budget|stage/i) });
    expect(byType.has('approve_plan')).toBe(false);
    const person = (
      await system.request('GET', `/api/journeys/${id}/actions`, { as: { sub: `person:${id}`, role: 'person', teams: [], journeyId: id } })
    ).body.actions;
    expect(person.map((a: { type: string }) => a.type).sort()).toEqual([
      'record_decision',
      'request_advice',
      'request_review',
      'submit_plan',
      'update_preferences',
      'withdraw',
    ]);
  });

  it("reports open and overdue tasks per team and kind for managers, and a coordinator's own team only", async () => {
    const { status, body } = await system.request('GET', '/api/analytics/tasks', { as: manager });
    expect(status).toBe(200);
    const north = (body.figures as Array<{ team: string; kind: string; open: number }>).filter((f) => f.team === 'north');
    expect(north.length).toBeGreaterThan(0);
    expect(north.every((f) => f.open >= 0)).toBe(true);
    expect((await system.request('GET', '/api/analytics/tasks?team=south', { as: coordinator })).status).toBe(403);
  });
});
