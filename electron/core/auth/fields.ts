import { z } from 'zod';
import { STAFF_ROLES } from '../vocabulary/enums';
import { LOGIN, PASSWORD_LENGTH, TEXT_LENGTHS } from '../vocabulary/field-rules';
import { TextLine } from '../text/human-text';

/** Logins: letters (Latin or Cyrillic), digits, dot, dash, underscore; compared lower-case. */
export const Login = z.string().trim().toLowerCase().regex(LOGIN);

export const Password = z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max);
export const StaffRole = z.enum(STAFF_ROLES);
export const DisplayName = TextLine(TEXT_LENGTHS.displayName.max, TEXT_LENGTHS.displayName.min);
export const NoInput = z.undefined().or(z.object({}).strict());
