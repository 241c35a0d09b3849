import type { SerializedError } from '../../core/api';

/**
 * The CLI speaks to IT staff in English; the app's own UI is Kazakh and Russian. Each line
 * names the error code too, so it can be looked up in either language.
 */
const MESSAGES: Record<string, (params: SerializedError['params']) => string> = {
  wrongPassword: () => 'wrong password',
  loginThrottled: (p) => `too many failed attempts: wait ${p.retryAfterSeconds} s`,
  permissionDenied: () => 'this account may not do that',
  notSignedIn: () => 'not signed in',
  storeLocked: () => 'the store is locked',
  invalidInput: (p) =>
    `invalid value for: ${[p.fields].flat().join(', ')}${p.reasons ? ` (${[p.reasons].flat().join(', ')})` : ''}`,
  unknownMethod: () => 'unknown operation',
  notInitialized: () => 'no store in this data folder: run init first',
  alreadyInitialized: () => 'this data folder already holds a store',
  newerDatabase: (p) =>
    `the database was written by a newer version of the app (schema ${p.found}, this app knows ${p.supported})`,
  databaseUnreadable: () => 'the database cannot be decrypted or is damaged',
  deviceMismatch: () =>
    'this data folder was set up on another computer or user: use --recovery-key',
  preUpdateBackupFailed: () =>
    'the copy of the store taken before the update could not be made or verified: nothing was migrated (check the free disk space)',
  wrongRecoveryKey: () => 'wrong recovery key',
  loginTaken: () => 'that login is already taken',
  accountNotFound: () => 'no such account',
  cannotRemoveSelf: () => 'you cannot remove your own account',
  targetNotEmpty: () => 'the target folder is not empty',
  backupDamaged: (p) => `the backup is damaged (${p.part})`,
  backupTargetExists: () =>
    'the backup file already exists: choose another name, or --force to replace it',
  backupTargetIsFolder: () => '--out names a folder: give a file name',
  backupTargetUnwritable: (p) =>
    `--out cannot be written there (${p.reason}): a part of the path is a file, or the folder is not writable`,
  backupTargetInDataFolder: () =>
    'a backup cannot be written inside the data folder: choose a place outside it (another disk)',
  restoreNeedsDirector: () =>
    "restoring takes a director's password or the recovery key; this password is neither",
  needsNewPassword: () =>
    'this account needs a new password from the director (the data folder was opened with the recovery key on this computer): user set-password',
  passwordChangeRequired: () =>
    'this password was set by the director: choose your own first (balabaqsha password --as LOGIN)',
  passwordUnchanged: () => 'the new password is the same as the old one',
  groupsOnlyForTeachers: () => 'groups are assigned to teachers only',
  paymentReceiptTaken: (p) =>
    `a payment with receipt number ${p.receiptNumber} is already recorded`,
  feesNotSet: (p) =>
    `no fee settings for ${p.month}: set the fee and the month it applies from first`,
  feeReductionNotFound: () => 'no such fee reduction',
  feesMonthClosed: (p) =>
    `${p.month} is closed: its fee does not change; new fee settings apply from ${p.firstOpen} at the earliest (the director reopens a closed month first)`,
  feeReductionMonthClosed: (p) =>
    `the reduction touches the closed month ${p.month}: its fee does not change; date it from the first month not closed`,
  paymentFutureDate: (p) => `${p.date} is after today: a payment is recorded on its receipt's date`,
  paymentNotFound: () => 'no such payment',
  paymentAlreadyCancelled: (p) =>
    `the payment with receipt number ${p.receiptNumber} was already cancelled (${p.cancelledAt})`,
  groupNotFound: (p) =>
    p.groups === undefined
      ? 'no such group'
      : `no group named "${p.name}"; the groups here: ${[p.groups].flat().join(', ') || 'none'}`,
  listColumnUnavailable: (p) =>
    `a ${p.kind} list has no column "${p.column}" (see --columns in the README's CLI table)`,
  groupNameAmbiguous: (p) =>
    `more than one group is named "${p.name}": rename one in the app (groups: ${[p.groups].flat().join(', ')})`,
  keyringDamaged: () =>
    'keyring.json is damaged or not a keyring: restore the data folder from a backup',
  attachmentDamaged: () => 'an attachment is damaged',
  attachmentNotFound: () => 'attachment not found',
  childNotFound: () => 'no such child',
  iinTaken: () => 'a child with this IIN is already registered',
  representativeExists: (p) =>
    `a person with this IIN is already stored (representative ${p.representativeId}): link them instead`,
  representativeNotFound: () => 'no such representative',
  statusChangeNotAllowed: () => 'that status change is not allowed',
  childMonthClosed: (p) =>
    `the month ${p.month} is closed and this change of the child's status, group or dates would change it: the director reopens the month (with a reason) first`,
  attendanceFutureDay: (p) => `${p.date} is after today: only days up to today are marked`,
  attendanceNonWorkingDay: (p) => `${p.date} is not a working day (${p.dayKind}): no marks on it`,
  attendanceMonthClosed: (p) =>
    `the month ${p.month} is closed: the director reopens it (with a reason) before any change`,
  attendanceDayMarked: (p) =>
    `working days becoming days off hold ${p.total} marks (${p.list}): confirm removing them in the calendar (removeMarks: ${p.total})`,
  attendanceNotAbsenceDocument: (p) =>
    `the mark of ${p.date} may link only an absence-reason document of that child`,
  attendanceMonthAlreadyClosed: (p) => `the month ${p.month} is closed already`,
  attendanceMonthNotClosed: (p) => `the month ${p.month} is not closed`,
  attendanceMonthNotOver: (p) => `the month ${p.month} can be closed from its last day on`,
  attendanceMonthIncomplete: (p) =>
    `the month ${p.month} cannot be closed: ${p.unmarked} working days have no mark`,
  attendanceChildMonthConfirmed: (p) => `the parent confirmed ${p.month}: it cannot be disputed`,
  attendanceChildNotInGroup: (p) =>
    `the child was not in this group on ${p.date} (not enrolled yet, left, or moved)`,
  documentNotFound: () => 'no such document',
  consentNotFound: () => 'no such consent',
  consentAlreadyWithdrawn: () => 'this consent was withdrawn already',
  documentInUse: () => "this is a signed contract's scan: it stays with the contract",
  representativeHasConsents: () =>
    'this representative gave a consent for the child: consents are kept (withdrawn ones too), so they cannot be removed',
  representativeHasContracts: () =>
    'a contract names this representative: the contract is kept, so they cannot be removed',
  idCopiesDisabled: () => 'storing identity-document copies is switched off in settings',
  recordNotFound: () => 'no such record',
  fileTooLarge: (p) => `the file is larger than ${p.maxMegabytes} MB`,
  unsupportedFileType: () => 'unsupported file type (JPEG, PNG, HEIC or PDF)',
  imageTooLarge: (p) => `the image has more than ${p.maxMegapixels} megapixels`,
  damagedFile: () => 'the file is damaged or incomplete',
  syncFailed: (p) =>
    `sync with the portal failed: ${p.reason} (local data and the outbox are kept)${p.retryAfter ? `; the portal asked not to be asked again for ${p.retryAfter} s, and sync waits that long` : ''}`,
  notEnrolled: () => 'this data folder is not enrolled with a portal: run enroll-device first',
  enrollmentCodeWrong: () =>
    'the portal does not accept this enrolment code (unknown, or issued to another organisation): check it with the portal operator',
  referralNotFound: () => 'no such referral, or it can no longer be accepted',
  conflictNotFound: () => 'no such open conflict',
  contractNotFound: () => 'no such contract',
  contractDataMissing: (p) =>
    `the contract cannot be printed until these are filled in: ${[p.fields].flat().join(', ')}`,
  contractStatusNotAllowed: () => "that is not possible in the contract's current status",
  contractChanged: () => 'the data changed after the contract was rendered: render it again',
  childNotEnrolled: () => 'the child is not enrolled',
  ncalayerNotRunning: () =>
    'NCALayer is not running (nothing answers at its address): start it and try again',
  signingCancelled: () => 'signing was cancelled in NCALayer (no key was chosen)',
  ncalayerFailed: (p) => `NCALayer could not sign (${p.reason})`,
  signatureRejected: (p) =>
    `the signature was not accepted: ${SIGNATURE_FAILURES[String(p.reason)] ?? p.reason}; nothing was stored`,
  printFailed: (p) => `printing failed (${p.reason})`,
  internal: () => 'internal error (details on stderr, without personal data)',
};

/** Why a signature does not verify (verify.ts `SignatureFailure`), as the CLI says it. */
export const SIGNATURE_FAILURES: Record<string, string> = {
  cmsMalformed: 'the signature file is not a readable CMS signature',
  contentMismatch: 'the PDF was changed: the signature does not cover these bytes',
  signatureInvalid: 'the signature itself is broken',
  certificateUntrusted: 'the certificate does not chain up to a trusted national root',
  certificateExpired: 'the certificate was not valid at the signing time',
  wrongKeyType: 'not a signing key (an authentication key)',
  certificateRevoked: 'the certificate is revoked (listed in its CRL)',
  signingTimeWrong:
    "the signature's time is impossible: more than 10 minutes from this computer's clock, or before the director signed",
  signerNotRepresentative: "not signed by the contract's representative (another person's IIN)",
};

export function describeError(error: SerializedError): string {
  const message = MESSAGES[error.code]?.(error.params) ?? MESSAGES.internal!(error.params);
  return `${message} [${error.code}]`;
}
