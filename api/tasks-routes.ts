import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Application } from '../app/application';
import { parseInput } from '../app/errors';
import { taskActions } from '../app/tasks/task-work';
import { callerOf } from '../http/request-context';

/** The `{taskId}` of the task routes: opaque, never long. */
const TaskParams = z.object({ taskId: z.string().min(1).max(400) });

const idempotencyKey = (request: FastifyRequest): string | undefined => {
  const value = request.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
};

/** The task routes of api.md (version 1.1): the work lists, and work on one task. */
export function registerTaskRoutes(app: FastifyInstance, application: Application): void {
  const { tasks } = application;

  app.get('/api/tasks', async (request) => {
    const caller = callerOf(request);
    const page = await tasks.list(caller, request.query);
    // A list of tasks names their journeys: each is a read of that journey, on the audit trail.
    caller.audit([...new Set(page.tasks.map((task) => task.journeyId))], 'list tasks');
    return page;
  });

  for (const action of taskActions)
    app.post(`/api/tasks/:taskId/${action}`, async (request) => {
      const { taskId } = parseInput(TaskParams, request.params);
      return tasks.work(callerOf(request), taskId, action, request.body ?? {}, { idempotencyKey: idempotencyKey(request) });
    });
}
