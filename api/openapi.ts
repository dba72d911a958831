import { z, type ZodType } from 'zod';
import { Filter, Limited, Period } from '../app/analytics/reports';
import { AuditQuery } from '../app/audit';
import { JourneyListQuery } from '../app/journeys/journey-list';
import { CommandOptions, OpenJourneyRequest } from '../app/journeys/schemas';
import { TaskListQuery } from '../app/tasks/task-list';
import { taskActions } from '../app/tasks/task-work';
import { AssignTask, CompleteTask, JourneyCommand, SnoozeTask } from '../domain/commands';

const schema = (type: ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' });

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

// Every authenticated route may also answer 429 (the per-token rate limit).
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    [...statuses, ...(statuses.includes(401) ? [429] : [])].map((s) => [
      String(s),
      { description: 'Error', content: { 'application/json': { schema: schema(ErrorBody) } } },
    ]),
  );
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const queryParams = (type: ZodType) =>
  Object.entries((schema(type) as { properties: Record<string, unknown> }).properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: s,
  }));
const analytics = (summary: string, query: ZodType) => ({
  get: { summary, parameters: queryParams(query), responses: { '200': json(summary), ...errors(400, 401, 403) } },
});
const codecBody = {
  type: 'object',
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
          data: { type: 'string', contentEncoding: 'base64' },
        },
      },
    },
  },
};
const codec = (summary: string) => ({
  post: {
    summary,
    requestBody: { required: true, content: { 'application/json': { schema: codecBody } } },
    responses: { '200': json('The payloads'), ...errors(400, 401, 403, 413) },
  },
});
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const idempotencyHeader = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } };

/** `GET /openapi.json`, generated from the same zod schemas that validate requests. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Personal budget journey engine', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/journeys': {
        get: {
          summary: 'Journeys newest first, filtered, a page at a time',
          parameters: queryParams(JourneyListQuery),
          responses: { '200': json('A page of journeys and the cursor of the next'), ...errors(400, 401) },
        },
        post: {
          summary: 'Open a journey',
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: schema(OpenJourneyRequest) } } },
          responses: { '201': json('The journey'), ...errors(400, 401, 403, 413, 422, 503) },
        },
      },
      '/api/journeys/{id}': {
        get: { summary: 'The journey now', parameters: idParam, responses: { '200': json('The journey'), ...errors(401, 404) } },
      },
      '/api/journeys/{id}/events': {
        get: {
          summary: "The journey's domain events in order",
          parameters: idParam,
          responses: { '200': json('The events'), ...errors(401, 404) },
        },
      },
      '/api/journeys/{id}/timeline': {
        get: {
          summary: 'The honest timeline: days against targets, who held the ball, and a forecast',
          parameters: idParam,
          responses: { '200': json('The timeline'), ...errors(401, 404) },
        },
      },
      '/api/journeys/{id}/next-steps': {
        get: {
          summary: 'Plain English for the person: where they are, what happens next, who, how long, their budget once told, who to contact',
          parameters: idParam,
          responses: { '200': json('The next steps'), ...errors(401, 404) },
        },
      },
      '/api/journeys/{id}/notifications': {
        get: {
          summary: 'What was queued or sent to whom, and why',
          parameters: idParam,
          responses: { '200': json('The notifications'), ...errors(401, 404) },
        },
      },
      '/api/journeys/{id}/commands': {
        post: {
          summary: 'One command, discriminated on type',
          parameters: [...idParam, idempotencyHeader],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { allOf: [schema(JourneyCommand), schema(CommandOptions)] } } },
          },
          responses: { '200': json('The journey after the command'), ...errors(400, 401, 403, 404, 409, 413, 422, 503) },
        },
      },
      '/api/journeys/{id}/person-links': {
        get: {
          summary:
            'Personal links made for the journey: when, by whom, and whether waiting, used, expired or revoked (never the link itself)',
          parameters: idParam,
          responses: { '200': json('The links'), ...errors(401, 403, 404) },
        },
        post: {
          summary: 'Make a personal link for the person: shown once, opens their page once',
          parameters: idParam,
          responses: { '201': json('The link and its URL'), ...errors(401, 403, 404, 409) },
        },
      },
      '/api/journeys/{id}/person-links/{linkId}': {
        delete: {
          summary: 'Revoke a personal link at once, with the session it opened',
          parameters: [...idParam, { name: 'linkId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': json('The link, revoked'), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/journeys/{id}/audit': {
        get: {
          summary: 'Who read or changed the journey, when, and the outcome, newest first (managers and admins)',
          parameters: [...idParam, ...queryParams(AuditQuery)],
          responses: { '200': json('Audit entries and the cursor of the next page'), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/analytics/stages': analytics('Open journeys per stage: ages, over target, breached, waiting on whom', Filter),
      '/api/analytics/stalled': analytics('Stalled journeys, worst first', Limited),
      '/api/analytics/flow': analytics('Cumulative flow: journeys in each stage per day', Period),
      '/api/analytics/waiting': analytics('Waiting time attributed by party over a period', Period),
      '/api/analytics/reviews': analytics('Reviews due in the next 28 days and overdue', Limited),
      '/api/analytics/tasks': analytics('Tasks per team and kind: open, overdue, ages, and time to complete', Period),
      '/api/journeys/{id}/actions': {
        get: {
          summary: 'What the caller may do to the journey now: each command of their role, allowed or blocked, with why',
          parameters: idParam,
          responses: { '200': json('The actions'), ...errors(401, 404) },
        },
      },
      '/api/tasks': {
        get: {
          summary: 'Tasks of journeys the caller may see, soonest due first, a page at a time',
          parameters: queryParams(TaskListQuery),
          responses: { '200': json('A page of tasks and the cursor of the next'), ...errors(400, 401, 403) },
        },
      },
      ...Object.fromEntries(
        taskActions.map((action) => {
          const bodies: Partial<Record<string, ZodType>> = {
            assign: AssignTask.omit({ type: true, key: true }),
            snooze: SnoozeTask.omit({ type: true, key: true }),
            complete: CompleteTask.omit({ type: true, key: true }),
          };
          const body = bodies[action];
          return [
            `/api/tasks/{taskId}/${action}`,
            {
              post: {
                summary: `${action[0]!.toUpperCase()}${action.slice(1)} a task`,
                parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }, idempotencyHeader],
                ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } } } : {}),
                responses: { '200': json('The task'), ...errors(400, 401, 403, 404, 409) },
              },
            },
          ];
        }),
      ),
      '/codec/encode': codec('Temporal codec server: encrypt payloads for this namespace (admins only: workers take what it seals)'),
      '/codec/decode': codec('Temporal codec server: decrypt payloads for the Temporal Web UI (managers and admins)'),
      '/health': {
        get: {
          summary: 'Health of the database and Temporal',
          security: [],
          responses: { '200': json('Healthy'), '503': json('Unhealthy') },
        },
      },
    },
  };
}
