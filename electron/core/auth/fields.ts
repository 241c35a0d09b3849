import { z } from 'zod';
import { STAFF_ROLES } from '../../../db/schema';
import { TextLine } from '../text/human-text';

/** Logins: letters (Latin or Cyrillic), digits, dot, dash, underscore; compared lower-case. */
export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}._-]{3,32}$/u);

export const Password = z.string().min(8).max(256);
export const StaffRole = z.enum(STAFF_ROLES);
export const DisplayName = TextLine(120, 1);
export const NoInput = z.undefined().or(z.object({}).strict());
