import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { createAnalyticsService } from './analytics/analytics-service';
import { withCachedReports, type ReportAges } from './analytics/report-cache';
import { createAnalyticsReports } from './analytics/reports';
import { createAuditTrail, recordAudit, type AuditMark } from './audit';
import { createHealthCheck } from './health';
import { createActions } from './journeys/actions';
import { createJourneyReads } from './journeys/journey-reads';
import { createJourneyWorkflows } from './journeys/journey-workflows';
import { createOpenJourney } from './journeys/open-journey';
import { createSendCommand } from './journeys/send-command';
import { createNextSteps } from './next-steps';
import { createPeople } from './people';
import { createPersonLinks } from './person-links';
import type { Principal } from './principal';
import { createSessions } from './sessions';
import { createTaskList } from './tasks/task-list';
import { createTaskWork } from './tasks/task-work';
import { createTimeline } from './timeline';
import { createWorklists } from './worklists';

export interface ApplicationDeps {
  db: Kysely<Database>;
  temporal: Client;
  namespace: string;
  taskQueue: string;
  /** How long a use case waits on Temporal before a 503. */
  commandTimeoutMs: number;
  /** How long a policy day lasts: captured by journeys as they open, and the unit of every duration shown. */
  policyDayMs: number;
  /** How old the managers' figures as of now may be (app/analytics/report-cache.ts); default 5 s for waiting time, 1 s for the rest. */
  reportAges?: Partial<ReportAges>;
  /** The address people use (PUBLIC_BASE_URL), read when a personal link is made. */
  publicBaseUrl: () => string;
}

/**
 * The application layer: every use case the API and the web app offer, built once over the database and
 * Temporal. The adapters (api/, web/) parse their requests, hand a `Caller` to these, and present the
 * answer or the `AppError`; they never reach the database or Temporal themselves.
 */
export function createApplication(deps: ApplicationDeps) {
  const { db, policyDayMs } = deps;
  const workflows = createJourneyWorkflows(deps);
  const reads = createJourneyReads(db, policyDayMs);
  const sessions = createSessions(db);
  const analytics = withCachedReports(createAnalyticsService(db, policyDayMs), {
    waitingMaxAgeMs: 5000,
    liveMaxAgeMs: 1000,
    ...deps.reportAges,
  });
  return {
    policyDayMs,
    journeys: {
      ...reads,
      open: createOpenJourney({ db, workflows, reads }),
      sendCommand: createSendCommand({ db, workflows, reads }),
      actions: createActions(db),
    },
    tasks: {
      list: createTaskList(db),
      work: createTaskWork({ db, workflows }),
    },
    timeline: createTimeline(db, policyDayMs),
    nextSteps: createNextSteps(db, policyDayMs),
    analytics: createAnalyticsReports(db, analytics, policyDayMs),
    worklists: createWorklists(db),
    people: createPeople(db),
    auditTrail: createAuditTrail(db),
    recordAudit: (entry: { principal: Principal; mark: AuditMark; status: number; requestId: string }) => recordAudit(db, entry),
    health: createHealthCheck({
      database: () => sql`select 1`.execute(db),
      temporal: () => deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }),
    }),
    sessions,
    personLinks: createPersonLinks({ db, sessions, publicBaseUrl: deps.publicBaseUrl }),
  };
}

export type Application = ReturnType<typeof createApplication>;
