import { StoreError } from '../../../db/store-errors';

/**
 * Every failure the core reports is an AppError: a stable code, a translation key the
 * renderer and CLI turn into Kazakh or Russian text, and parameters that never carry
 * personal data (counts, field paths, seconds — not names, IINs or passwords).
 */
export type ErrorParams = Record<string, string | number | boolean | readonly string[]>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
  ) {
    super(code);
    this.name = 'AppError';
  }

  /** The i18n key: `errors.<code>` in renderer/src/i18n/{kk,ru}. */
  get translationKey(): string {
    return `errors.${this.code}`;
  }

  toJSON(): SerializedError {
    return { code: this.code, params: this.params };
  }
}

export interface SerializedError {
  code: string;
  params: ErrorParams;
}

const error =
  (code: string) =>
  (params: ErrorParams = {}) =>
    new AppError(code, params);

export const WrongPassword = error('wrongPassword');
export const LoginThrottled = (retryAfterSeconds: number) =>
  new AppError('loginThrottled', { retryAfterSeconds });
export const PermissionDenied = (permission: string) =>
  new AppError('permissionDenied', { permission });
export const NotSignedIn = error('notSignedIn');
export const StoreLocked = error('storeLocked');
export const InvalidInput = (fields: readonly string[], reasons: readonly string[] = []) =>
  new AppError('invalidInput', reasons.length ? { fields, reasons } : { fields });
export const UnknownMethod = error('unknownMethod');
export const NotInitialized = error('notInitialized');
export const AlreadyInitialized = error('alreadyInitialized');
export const DeviceMismatch = error('deviceMismatch');
export const WrongRecoveryKey = error('wrongRecoveryKey');
export const LoginTaken = error('loginTaken');
export const AccountNotFound = error('accountNotFound');
export const CannotRemoveSelf = error('cannotRemoveSelf');
export const TargetNotEmpty = error('targetNotEmpty');
export const BackupDamaged = (part: string) => new AppError('backupDamaged', { part });
export const BackupTargetExists = error('backupTargetExists');
export const BackupTargetIsFolder = error('backupTargetIsFolder');
export const BackupTargetInDataFolder = error('backupTargetInDataFolder');
/** The backup's target cannot be written: `reason` is the file system's code (ENOTDIR, EACCES…). */
export const BackupTargetUnwritable = (params: { reason: string }) =>
  new AppError('backupTargetUnwritable', params);
export const RestoreNeedsDirector = error('restoreNeedsDirector');
export const NeedsNewPassword = error('needsNewPassword');
/** A new or reset password is the director's: the account chooses its own before anything else. */
export const PasswordChangeRequired = error('passwordChangeRequired');
/** The new password is the one it replaces. */
export const PasswordUnchanged = error('passwordUnchanged');
export const KeyringDamaged = error('keyringDamaged');
export const AttachmentDamaged = (attachmentId: string) =>
  new AppError('attachmentDamaged', { attachmentId });
export const AttachmentNotFound = error('attachmentNotFound');
export const InternalError = error('internal');

/** Turns anything thrown into an AppError without leaking its message (it may hold data). */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (thrown instanceof StoreError) return new AppError(thrown.code, thrown.params);
  reportInternalError(thrown);
  return InternalError();
}

/**
 * A bug report for stderr: the error's class, its code and where it happened — never its
 * message, which can quote the data being processed.
 */
export function reportInternalError(thrown: unknown): void {
  if (!(thrown instanceof Error)) {
    process.stderr.write(`internal error: non-Error value thrown (${typeof thrown})\n`);
    return;
  }
  const code = (thrown as { code?: unknown }).code;
  const frames = (thrown.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '));
  process.stderr.write(
    `internal error: ${thrown.name}${typeof code === 'string' ? ` ${code}` : ''}\n${frames.slice(0, 8).join('\n')}\n`,
  );
}
