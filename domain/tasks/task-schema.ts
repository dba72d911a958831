import { z } from 'zod';
import { taskKinds, taskRoles } from './task';

export const TaskKind = z.enum(taskKinds);
export const TaskRole = z.enum(taskRoles);
