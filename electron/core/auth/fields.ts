import { z } from 'zod';
import { STAFF_ROLES } from '../../../db/schema';

/** Logins: letters (Latin or Cyrillic), digits, dot, dash, underscore; compared lower-case. */
export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}._-]{3,32}$/u);

export const Password = z.string().min(8).max(256);
export const StaffRole = z.enum(STAFF_ROLES);
export const DisplayName = z.string().trim().min(1).max(120);
export const NoInput = z.undefined().or(z.object({}).strict());
