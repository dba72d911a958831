import { z } from 'zod';

export const roles = ['coordinator', 'approver', 'manager', 'person', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** Who is calling, from their verified token or session (api.md, "Conventions"). */
export const Principal = z.object({
  sub: z.string().min(1).max(200),
  role: Role,
  teams: z.array(z.string().max(100)).max(100).default([]),
  journeyId: z.string().max(100).optional(),
});
export type Principal = z.infer<typeof Principal>;

/** How a principal is recorded on the events it causes. */
export const actorOf = (principal: Principal) => ({ sub: principal.sub, role: principal.role });
