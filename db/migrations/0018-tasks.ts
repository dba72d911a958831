import { sql, type Kysely } from 'kysely';

/**
 * The tasks read model (db/projections/tasks.ts): every task of every journey. The indexes serve the
 * worklists: a member of staff's open tasks by due time, their teams' unassigned ones, a journey's own,
 * and the managers' figures per team and kind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('task_id', 'text', (c) => c.notNull().unique())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('snooze_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('closed_reason', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('tasks_pkey', ['journey_id', 'key'])
    .execute();
  await sql`create index tasks_open_by_assignee on tasks (assignee, due_at) where status = 'open' and assignee is not null`.execute(db);
  await sql`create index tasks_open_unassigned on tasks (team, due_at) where status = 'open' and assignee is null`.execute(db);
  await sql`create index tasks_open_by_team_kind on tasks (team, kind, opened_at) where status = 'open'`.execute(db);
  await sql`create index tasks_closed_by_team on tasks (team, closed_at) where status = 'done'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}
