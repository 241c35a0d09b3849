#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { extractPdfText } from '../../core/pdf/read-back';
import { resolve } from 'node:path';
import { createCore, type Core } from '../../core/core';
import { registry } from '../../core/registry';
import { FileDeviceSeal } from '../../core/vault/device-seal';
import { AppError, PermissionDenied, toAppError } from '../../core/errors/app-error';
import { seedKindergarten } from '../../core/seed/synthetic-kindergarten';
import { seedAttendance } from '../../core/seed/synthetic-attendance';
import { isoMonth } from '../../core/attendance/calendar';
import {
  checkAnyPassword,
  checkPassword,
  signIn,
  signInWithAnyPassword,
} from '../../core/auth/sign-in';
import { verifyDataFolder } from '../../core/maintenance/verify';
import { normalizeLogin } from '../../core/vault/keyring';
import { restoreBackup } from '../../core/backup/backup';
import { STAFF_ROLES } from '../../../db/schema';
import { promptSecret } from './prompt';
import { writePrivateFile } from './private-file';
import { describeError, SIGNATURE_FAILURES } from './messages';
import { syncRuntime } from '../../core/sync/app';
import { digestDifference } from '../../core/sync/digest';
import { SyncError } from '../../core/sync/transport';
import { CONTENT_ENTITIES } from '../../core/sync/content';
import {
  LIST_COLUMN_KEYS,
  LIST_KINDS,
  type ListColumnKey,
  type ListKind,
} from '../../core/reports/lists';

const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3 } as const;

const USAGE = `balabaqsha <command> [options]

  init --data DIR --org-name NAME --org-bin BIN --admin-login LOGIN [--admin-name NAME]
  login-check --data DIR --login LOGIN
  user add --data DIR --login LOGIN --role ROLE [--name NAME] [--as LOGIN]
  user list --data DIR [--as LOGIN]
  user set-password --data DIR --login LOGIN [--as LOGIN]
  password --data DIR --as LOGIN      (change your own password: a new or reset one first)
  reset-password --data DIR --login LOGIN --recovery-key KEY
  verify --data DIR [--as LOGIN | --recovery-key KEY]
  backup --data DIR --out FILE [--force] [--as LOGIN]
  restore --in FILE --data NEW_DIR [--as DIRECTOR | --recovery-key KEY]
  seed --data DIR --children N [--documents N] [--attendance-months N] [--as LOGIN]
                                      (--attendance-months alone: history for the children there)
  settings show --data DIR [--json] [--as LOGIN]
  settings set --data DIR KEY=VALUE... [--as DIRECTOR]
  children list --data DIR [--json] [--search TEXT] [--as LOGIN]
  export-child --data DIR --iin IIN --out FILE.pdf [--lang kk|ru] [--as LOGIN]
  contract --data DIR --child IIN --out FILE.pdf [--as LOGIN]
  verify-contract --data DIR FILE.pdf [--signature FILE.cms] [--as LOGIN]
  timesheet --data DIR --group NAME --month YYYY-MM --out FILE.pdf [--lang kk|ru|both] [--as LOGIN]
  fees --data DIR --month YYYY-MM --out FILE.xlsx|FILE.pdf [--group NAME | --debtors] [--lang kk|ru]
       [--as LOGIN]
  stats --data DIR --out FILE.csv|FILE.xlsx [--as LOGIN]
                                      (the anonymised statistics: counts only, cells below 5 hidden)
  list --data DIR --out FILE.xlsx|FILE.pdf [--group NAME] [--kind children|contacts|birthdays|allergies]
       [--month MM|YYYY-MM] [--columns a,b,c] [--lang kk|ru] [--as LOGIN]
  enroll-device --data DIR --portal URL --code CODE [--name DEVICE] [--as LOGIN]
  sync --data DIR [--verify] [--json] [--as LOGIN]

Passwords come from BALABAQSHA_PASSWORD (the acting account) and BALABAQSHA_NEW_PASSWORD
(a new or reset password), or are asked for at the terminal. Roles: ${STAFF_ROLES.join(', ')}.
Exit codes: 0 ok, 1 failed, 2 usage, 3 wrong password or recovery key.`;

class UsageError extends Error {}

/** What `settings show|set` covers: what a contract prints about the organisation. */
const CLI_SETTINGS = {
  org: [
    'nameKk',
    'nameRu',
    'cityKk',
    'cityRu',
    'addressKk',
    'addressRu',
    'directorName',
    'phone',
    'bankName',
    'iban',
    'bic',
  ],
  terms: ['monthlyFee', 'paymentDueDay', 'regimeKk', 'regimeRu'],
} as const;
const CLI_NUMBERS = new Set(['monthlyFee', 'paymentDueDay']);

const OPTIONS = {
  data: { type: 'string' },
  'org-name': { type: 'string' },
  'org-bin': { type: 'string' },
  'admin-login': { type: 'string' },
  'admin-name': { type: 'string' },
  login: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  as: { type: 'string' },
  out: { type: 'string' },
  in: { type: 'string' },
  'recovery-key': { type: 'string' },
  children: { type: 'string' },
  documents: { type: 'string' },
  'attendance-months': { type: 'string' },
  group: { type: 'string' },
  month: { type: 'string' },
  debtors: { type: 'boolean' },
  json: { type: 'boolean' },
  search: { type: 'string' },
  iin: { type: 'string' },
  child: { type: 'string' },
  portal: { type: 'string' },
  code: { type: 'string' },
  verify: { type: 'boolean' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
  kind: { type: 'string' },
  columns: { type: 'string' },
  signature: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Options = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function required(options: Options, name: keyof Options): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function secretFromEnv(variable: string, question: string): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`set ${variable} or run in a terminal`);
  return promptSecret(question);
}

const actingPassword = () => secretFromEnv('BALABAQSHA_PASSWORD', 'Password: ');
const newPassword = () => secretFromEnv('BALABAQSHA_NEW_PASSWORD', 'New password: ');

function count(
  options: Options,
  name: 'children' | 'documents' | 'attendance-months',
  fallback?: number,
  max = 1_000_000,
): number {
  const raw = options[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new UsageError(`--${name} takes a whole number`);
  }
  return value;
}

function openCore(options: Options): Core {
  return createCore({
    dataDir: resolve(required(options, 'data')),
    deviceSeal: new FileDeviceSeal(),
  });
}

/** Signs in as --as LOGIN, or as whichever account the password belongs to. */
async function signInActing(core: Core, options: Options): Promise<void> {
  const password = await actingPassword();
  if (options.as) await signIn(core.services, options.as, password);
  else await signInWithAnyPassword(core.services, password);
}

/** Waits out a throttle delay once, telling the operator why. */
async function withThrottleWait<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'loginThrottled') throw error;
    const seconds = Number(error.params.retryAfterSeconds);
    process.stderr.write(`waiting ${seconds} s after failed attempts…\n`);
    await new Promise((done) => setTimeout(done, seconds * 1000));
    return attempt();
  }
}

/**
 * A PDF or workbook with children's personal data, readable by its owner only from its first
 * byte (also when it replaces a file): see private-file.ts.
 */
function writePrivateExport(out: string, base64: string): void {
  writePrivateFile(out, Buffer.from(base64, 'base64'));
}

/** --month as YYYY-MM, checked before the store is opened. */
function monthOption(options: Options): string {
  const month = required(options, 'month');
  if (!isoMonth.safeParse(month).success)
    throw new UsageError(`--month takes YYYY-MM (for example 2026-11), not "${month}"`);
  return month;
}

/** The active group named NAME (case and spacing aside); the message lists the groups there are. */
async function groupIdByName(core: Core, name: string): Promise<string> {
  const key = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const groups = await core.call('groups.list', undefined);
  const found = groups.filter((group) => key(group.name) === key(name));
  if (found.length === 1) return found[0]!.id;
  throw new AppError(found.length ? 'groupNameAmbiguous' : 'groupNotFound', {
    name,
    groups: groups.map((group) => group.name),
  });
}

async function childIdByIin(core: Core, iin: string): Promise<string> {
  const { rows } = await core.call('children.list', {
    query: iin,
    includeArchived: true,
    limit: 5,
  });
  const child = rows.find((row) => row.iin === iin);
  if (!child) throw new AppError('childNotFound');
  return child.id;
}

const commands: Record<string, (options: Options, positionals: string[]) => Promise<number>> = {
  async init(options) {
    const core = openCore(options);
    const password = await secretFromEnv('BALABAQSHA_PASSWORD', 'Director password: ');
    const login = required(options, 'admin-login');
    const { recoveryKey } = await core.call('setup.initialize', {
      orgName: required(options, 'org-name'),
      orgBin: required(options, 'org-bin'),
      adminLogin: login,
      adminName: options['admin-name'] ?? login,
      password,
    });
    core.close();
    console.log('Store created.');
    console.log('RECOVERY KEY (shown only now; print it or write it down and keep it safe):');
    console.log(recoveryKey);
    return EXIT.ok;
  },

  async 'login-check'(options) {
    const core = openCore(options);
    const password = await actingPassword();
    await withThrottleWait(() =>
      checkPassword(core.services, required(options, 'login'), password),
    );
    console.log('ok');
    return EXIT.ok;
  },

  async user(options, [action]) {
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    if (action === 'add') {
      const login = required(options, 'login');
      const { id } = await core.call('staff.add', {
        login,
        displayName: options.name ?? login,
        role: required(options, 'role') as (typeof STAFF_ROLES)[number],
        password: await newPassword(),
      });
      console.log(`added ${id}`);
    } else if (action === 'list') {
      for (const account of await core.call('staff.list', undefined)) {
        const state = account.needsNewPassword ? '\tneeds a new password from the director' : '';
        console.log(`${account.login}\t${account.role}\t${account.displayName}${state}`);
      }
    } else if (action === 'set-password') {
      const login = normalizeLogin(required(options, 'login'));
      const account = (await core.call('staff.list', undefined)).find((a) => a.login === login);
      if (!account) throw new AppError('accountNotFound');
      await core.call('staff.resetPassword', {
        accountId: account.id,
        newPassword: await newPassword(),
      });
      console.log('password set');
    } else {
      throw new UsageError('user add | user list | user set-password');
    }
    core.close();
    return EXIT.ok;
  },

  /** The account's own password: a new or reset one must be changed before anything else. */
  async password(options) {
    const core = openCore(options);
    const login = required(options, 'as');
    const currentPassword = await actingPassword();
    await withThrottleWait(() => signIn(core.services, login, currentPassword));
    await core.call('auth.changePassword', { currentPassword, newPassword: await newPassword() });
    core.close();
    console.log('password changed');
    return EXIT.ok;
  },

  async 'reset-password'(options) {
    const core = openCore(options);
    const session = await core.call('auth.recover', {
      recoveryKey: required(options, 'recovery-key'),
      login: required(options, 'login'),
      newPassword: await newPassword(),
    });
    const waiting =
      session.role === 'director'
        ? (await core.call('staff.list', undefined)).filter((a) => a.needsNewPassword).length
        : 0;
    core.close();
    console.log('password set');
    if (waiting)
      console.log(
        `${waiting} other account(s) need a new password from the director: user set-password`,
      );
    return EXIT.ok;
  },

  async verify(options) {
    const core = openCore(options);
    const { services } = core;
    const recoveryKey = options['recovery-key'];
    const dek = recoveryKey
      ? await services.keyring.unlockWithRecoveryKey(recoveryKey)
      : options.as
        ? await withThrottleWait(async () =>
            checkPassword(services, options.as!, await actingPassword()),
          )
        : (await withThrottleWait(async () => checkAnyPassword(services, await actingPassword())))
            .dek;
    const report = verifyDataFolder(services.dataDir, dek);
    dek.fill(0);
    for (const note of report.notes) console.log(`note: ${note}`);
    if (report.problems.length === 0) {
      console.log('ok');
      return EXIT.ok;
    }
    for (const problem of report.problems) console.log(`BROKEN: ${problem}`);
    return EXIT.failed;
  },

  async backup(options) {
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const { entries, bytes } = await core.call('backup.create', {
      outPath: resolve(required(options, 'out')),
      ...(options.force ? { force: true } : {}),
    });
    core.close();
    console.log(`backup written: ${entries} entries, ${bytes} bytes`);
    return EXIT.ok;
  },

  /** Synthetic data for demos, tests and benchmarks; director only, never for a real store. */
  async seed(options) {
    const months =
      options['attendance-months'] === undefined
        ? null
        : count(options, 'attendance-months', undefined, 120);
    const total = count(options, 'children', months === null ? undefined : 0);
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const session = core.services.session!;
    if (session.role !== 'director') throw PermissionDenied('staff.manage');
    const store = core.services.store();
    if (total || months === null) {
      const result = await seedKindergarten(store, {
        children: total,
        withDocuments: count(options, 'documents', Math.min(total, 200)),
        actorId: session.accountId,
        dataDir: core.services.dataDir,
        onProgress: (done) => process.stderr.write(`\rseeding: ${done}/${total} children`),
      });
      process.stderr.write('\n');
      console.log(`seeded ${result.children} children, ${result.documents} documents`);
    }
    if (months !== null) {
      const history = seedAttendance(store, {
        months,
        actorId: session.accountId,
        onProgress: (done, all) => process.stderr.write(`\rattendance: ${done}/${all} months`),
      });
      process.stderr.write('\n');
      console.log(
        `seeded attendance: ${history.marks} marks in ${history.childMonths} child-months over ${history.months} months, ${Math.round(history.presentShare * 100)} % present`,
      );
    }
    core.close();
    return EXIT.ok;
  },

  /**
   * The organisation's details and contract terms every contract prints; `set` changes only
   * the keys it names (director only, audited by the core).
   */
  async settings(options, [action, ...pairs]) {
    if (action !== 'show' && action !== 'set') throw new UsageError('settings show | settings set');
    const changes: { org: Record<string, unknown>; terms: Record<string, unknown> } = {
      org: {},
      terms: {},
    };
    for (const pair of action === 'set' ? pairs : []) {
      const at = pair.indexOf('=');
      const key = pair.slice(0, Math.max(at, 0));
      const part = (CLI_SETTINGS.org as readonly string[]).includes(key)
        ? 'org'
        : (CLI_SETTINGS.terms as readonly string[]).includes(key)
          ? 'terms'
          : null;
      if (!part)
        throw new UsageError(
          `settings set takes KEY=VALUE with KEY one of: ${[...CLI_SETTINGS.org, ...CLI_SETTINGS.terms].join(', ')}`,
        );
      const value = pair.slice(at + 1);
      changes[part][key] = CLI_NUMBERS.has(key) && /^\d+$/.test(value) ? Number(value) : value;
    }
    if (action === 'set' && !pairs.length) throw new UsageError('settings set KEY=VALUE...');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    if (action === 'set') {
      // Both parts are checked before either is written.
      for (const [method, input] of [
        ['settings.update', changes.org],
        ['contracts.updateTerms', changes.terms],
      ] as const) {
        const checked = registry[method].input.safeParse(input);
        if (!checked.success)
          throw new AppError('invalidInput', {
            fields: checked.error.issues.map((issue) => issue.path.join('.')),
          });
      }
      if (Object.keys(changes.org).length) await core.call('settings.update', changes.org);
      if (Object.keys(changes.terms).length)
        await core.call('contracts.updateTerms', changes.terms);
    }
    const org = await core.call('settings.get', undefined);
    const terms = await core.call('contracts.terms', undefined);
    core.close();
    const shown: Record<string, unknown> = { bin: org.bin };
    for (const key of CLI_SETTINGS.org) shown[key] = org[key];
    for (const key of CLI_SETTINGS.terms) shown[key] = terms[key];
    if (options.json) console.log(JSON.stringify(shown));
    else for (const [key, value] of Object.entries(shown)) console.log(`${key}\t${String(value)}`);
    return EXIT.ok;
  },

  async children(options, [action]) {
    if (action !== 'list') throw new UsageError('children list');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const list = [];
    for (let offset = 0; ; offset += 500) {
      const page = await core.call('children.list', {
        offset,
        limit: 500,
        ...(options.search ? { query: options.search } : {}),
      });
      list.push(...page.rows);
      if (list.length >= page.total || page.rows.length === 0) break;
    }
    core.close();
    const rows = list.map(({ iin, lastName, firstName, birthDate, status, group }) => ({
      iin,
      lastName,
      firstName,
      birthDate,
      status,
      group,
    }));
    if (options.json) console.log(JSON.stringify({ children: rows }));
    else
      for (const row of rows)
        console.log(
          [row.iin, row.lastName, row.firstName, row.birthDate, row.status, row.group ?? ''].join(
            '\t',
          ),
        );
    return EXIT.ok;
  },

  /** The subject-access report: everything held about one child (director only, audited). */
  async 'export-child'(options) {
    const language = options.lang;
    if (language !== undefined && language !== 'kk' && language !== 'ru')
      throw new UsageError('--lang is kk or ru');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const childId = await childIdByIin(core, required(options, 'iin'));
    // In the account's own language unless --lang names one.
    const { pdfBase64 } = await core.call('children.exportReport', {
      childId,
      ...(language && { language }),
    });
    writePrivateExport(required(options, 'out'), pdfBase64);
    core.close();
    console.log('report written');
    return EXIT.ok;
  },

  /** Issues the child's current contract as a PDF (creating the draft if there is none). */
  async contract(options) {
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const childId = await childIdByIin(core, required(options, 'child'));
    const existing = (await core.call('contracts.list', { childId })).find(
      (c) => c.status !== 'terminated',
    );
    let contractId = existing?.id;
    if (!contractId) {
      const file = await core.call('children.get', { childId });
      const representative =
        file.representatives.find((r) => r.isPrimary) ?? file.representatives[0];
      if (!representative)
        throw new AppError('contractDataMissing', { fields: ['representative'] });
      const today = new Date().toISOString().slice(0, 10);
      const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 6 ? 1 : 0);
      ({ id: contractId } = await core.call('contracts.create', {
        childId,
        representativeId: representative.id,
        termFrom: today,
        termUntil: `${year}-05-31`,
      }));
    }
    const { number, contentHash, withheld, pdfBase64 } = await core.call('contracts.render', {
      contractId,
    });
    // A copy without details this role may not see is a preview, not the contract issued.
    if (existing?.status !== 'signed' && !withheld.length)
      await core.call('contracts.markPrinted', { contractId, contentHash });
    writePrivateExport(required(options, 'out'), pdfBase64);
    core.close();
    console.log(
      withheld.length
        ? `contract ${number} written as a preview without ${withheld.join(', ')} (not for your role); print it from the app`
        : `contract ${number} written`,
    );
    return EXIT.ok;
  },

  /**
   * Reads the QR payload printed in the PDF and checks it against the store; with
   * `--signature` also verifies the detached CMS over the PDF's bytes (signer, certificate,
   * chain to the national roots, revocation when online).
   */
  async 'verify-contract'(options, [file]) {
    if (!file) throw new UsageError('verify-contract needs the PDF file');
    const bytes = readFileSync(resolve(file));
    const cms = options.signature ? readFileSync(resolve(options.signature)) : null;
    // A damaged PDF has no readable code; its signature is still checked below.
    const pages = await extractPdfText(bytes).catch(() => [] as string[]);
    const payload = pages.join('\n').match(/BQC1\|[0-9]{4}-[0-9]+\|[0-9a-f]{64}/)?.[0];
    if (!payload && !cms) {
      console.log('no Balabaqsha contract code found in this PDF');
      return EXIT.failed;
    }
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    let ok = true;
    if (!payload) {
      console.log('no Balabaqsha contract code found in this PDF');
      ok = false;
    } else {
      const result = await core.call('contracts.verify', { qrPayload: payload });
      if (result.matches) console.log(`contract ${result.number}: matches`);
      else if (result.unknownPrint)
        console.log(`contract ${result.number}: this copy is not the one recorded as printed`);
      else
        console.log(
          `contract ${result.number}: differs from the store in: ${result.differences.join(', ')}`,
        );
      ok = result.matches;
    }
    if (cms) {
      const { check } = await core.call('contracts.verifySignedFiles', {
        pdfBase64: bytes.toString('base64'),
        cmsBase64: cms.toString('base64'),
      });
      const signer = check.signer;
      if (signer)
        console.log(
          `signer: ${signer.name}, IIN ${signer.iin ?? '-'}${signer.bin ? `, BIN ${signer.bin}` : ''}, certificate until ${signer.notAfter.slice(0, 10)}, issued by ${signer.issuer}`,
        );
      if (check.signedAt) console.log(`signed at: ${check.signedAt}`);
      console.log(
        `revocation: ${check.revocation === 'notChecked' ? 'not checked (offline or no CRL)' : check.revocation}`,
      );
      if (check.valid && !check.cryptoVerified) {
        console.log(
          'signature: NOT proved: a GOST signature, whose maths this app cannot check (only the certificate, its chain by names and its validity were checked)',
        );
        ok = false;
      } else if (check.valid) console.log('signature: valid');
      else {
        const reason = check.failures[0]!;
        console.log(`signature: NOT valid: ${SIGNATURE_FAILURES[reason] ?? reason} [${reason}]`);
        ok = false;
      }
    }
    core.close();
    return ok ? EXIT.ok : EXIT.failed;
  },

  /** A group's monthly timesheet (табель) as a PDF, printed by the core as the app prints it. */
  async timesheet(options) {
    const lang = options.lang;
    if (lang !== undefined && lang !== 'kk' && lang !== 'ru' && lang !== 'both')
      throw new UsageError('--lang is kk, ru or both');
    const month = monthOption(options);
    const name = required(options, 'group');
    const out = required(options, 'out');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const groupId = await groupIdByName(core, name);
    // In the account's own language unless --lang names one (or both).
    const language = lang ?? core.services.session!.language;
    const { pdfBase64 } = await core.call('attendance.timesheetPdf', { groupId, month, language });
    writePrivateExport(out, pdfBase64);
    core.close();
    console.log(`timesheet ${month} written`);
    return EXIT.ok;
  },

  /**
   * The month's fee sheet of every closed group or of one (or, with --debtors, the debtors list)
   * from the closed timesheets: an .xlsx workbook or a PDF, by the name --out ends with.
   */
  async fees(options) {
    const lang = options.lang;
    if (lang !== undefined && lang !== 'kk' && lang !== 'ru')
      throw new UsageError('--lang is kk or ru');
    const month = monthOption(options);
    const out = required(options, 'out');
    const format = /\.xlsx$/i.test(out) ? 'xlsx' : /\.pdf$/i.test(out) ? 'pdf' : null;
    if (!format) throw new UsageError('--out names an .xlsx or a .pdf file');
    if (options.debtors && options.group !== undefined)
      throw new UsageError('the debtors list is for every group: --debtors without --group');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const kind = options.debtors ? 'debtors' : 'sheet';
    const language = lang ?? core.services.session!.language;
    const groupId =
      options.group === undefined ? undefined : await groupIdByName(core, options.group);
    const { base64 } = await core.call('fees.export', {
      month,
      kind,
      format,
      language,
      ...(groupId && { groupId }),
    });
    writePrivateExport(out, base64);
    core.close();
    console.log(`${kind === 'debtors' ? 'debtors list' : 'fee sheet'} ${month} written`);
    return EXIT.ok;
  },

  /**
   * The anonymised statistics (counts of children, every cell below 5 suppressed): the tidy
   * CSV or the .xlsx for people, by the name --out ends with; says how many cells it hid.
   */
  async stats(options) {
    const out = required(options, 'out');
    const format = /\.csv$/i.test(out) ? 'csv' : /\.xlsx$/i.test(out) ? 'xlsx' : null;
    if (!format) throw new UsageError('--out names a .csv or an .xlsx file');
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const { base64, asOf, cells, summary } = await core.call('reports.statsExport', { format });
    writePrivateExport(out, base64);
    core.close();
    const primary = summary.reduce((sum, line) => sum + line.primary, 0);
    const complementary = summary.reduce((sum, line) => sum + line.complementary, 0);
    console.log(
      `statistics ${asOf} written: ${cells} cells, ${primary + complementary} suppressed (${primary} counting fewer than 5, ${complementary} to protect them)`,
    );
    return EXIT.ok;
  },

  /**
   * A list of children (`reports.listXlsx` / `reports.listPdf`, the Lists tab's rows): the
   * kind, the group by its name (every group the account sees without --group), the columns
   * by their keys; an .xlsx workbook or a PDF by the name --out ends with. Says how many rows.
   */
  async list(options) {
    const lang = options.lang;
    if (lang !== undefined && lang !== 'kk' && lang !== 'ru')
      throw new UsageError('--lang is kk or ru');
    const kind = options.kind ?? 'children';
    if (!LIST_KINDS.includes(kind as ListKind))
      throw new UsageError(`--kind is one of ${LIST_KINDS.join(', ')}`);
    const month = options.month;
    if (month !== undefined && !/^(\d{4}-)?(0[1-9]|1[0-2])$/.test(month))
      throw new UsageError(
        `--month takes MM or YYYY-MM (for example 03 or 2026-03), not "${month}"`,
      );
    if (month !== undefined && kind !== 'birthdays')
      throw new UsageError('--month is for --kind birthdays');
    const columns = options.columns
      ?.split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    const unknown = columns?.filter((key) => !LIST_COLUMN_KEYS.includes(key as ListColumnKey));
    if (unknown?.length)
      throw new UsageError(
        `--columns takes keys among ${LIST_COLUMN_KEYS.join(', ')}; not ${unknown.join(', ')}`,
      );
    const out = required(options, 'out');
    const format = /\.xlsx$/i.test(out) ? 'xlsx' : /\.pdf$/i.test(out) ? 'pdf' : null;
    if (!format) throw new UsageError('--out names an .xlsx or a .pdf file');
    const core = openCore(options);
    try {
      await withThrottleWait(() => signInActing(core, options));
      const groupId =
        options.group === undefined ? undefined : await groupIdByName(core, options.group);
      const query = {
        kind: kind as ListKind,
        language: lang ?? core.services.session!.language,
        ...(groupId && { groupId }),
        ...(month && { month }),
        ...(columns?.length && { columns: columns as ListColumnKey[] }),
      };
      const {
        base64,
        rows,
        columns: shown,
      } = await core.call(format === 'xlsx' ? 'reports.listXlsx' : 'reports.listPdf', query);
      writePrivateExport(out, base64);
      console.log(`${kind} list written: ${rows} rows, columns ${shown.join(', ')}`);
      return EXIT.ok;
    } finally {
      core.close();
    }
  },

  /** Enrols this data folder's device with the portal (director's code from the operator). */
  async 'enroll-device'(options) {
    // One run and out: no background timer in a CLI process.
    process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const { deviceId } = await core.call('sync.enroll', {
      portalUrl: required(options, 'portal'),
      enrollmentCode: required(options, 'code'),
      ...(options.name ? { deviceName: options.name } : {}),
    });
    core.close();
    console.log(`enrolled: device ${deviceId}`);
    return EXIT.ok;
  },

  /** One sync; with --verify, compares the local and the portal's digests. */
  async sync(options) {
    process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
    const core = openCore(options);
    await withThrottleWait(() => signInActing(core, options));
    const report = await core.call('sync.run', {});
    const status = await core.call('sync.status', {});
    const lines = [
      `pulled: ${report.pulled}`,
      `pushed: ${report.pushed}`,
      `duplicates: ${report.duplicates}`,
      `conflicts: ${report.conflicts}`,
      `rejected: ${report.rejected}`,
      `uploaded: ${report.uploadedBlobs} blobs, ${report.uploadedBytes} bytes`,
      `pending: ${status.pending}`,
    ];
    let converged = true;
    let refusedPulls = 0;
    let digests: {
      local: unknown;
      portal: unknown;
      differs: string[];
      repaired: { entity: string; id: string }[];
    } | null = null;
    if (options.verify) {
      const { client } = syncRuntime(core.services);
      const asAppError = (error: unknown) => {
        throw error instanceof SyncError
          ? new AppError('syncFailed', { reason: error.reason })
          : error;
      };
      let local = client.localDigest();
      let portal = await client.remoteDigest().catch(asAppError);
      let differs = digestDifference(local, portal);
      // Records whose content differs are pulled again, reported, and the digests compared anew.
      const repaired = status.pending
        ? []
        : await client.repairContent(CONTENT_ENTITIES).catch(asAppError);
      if (repaired.length) {
        local = client.localDigest();
        portal = await client.remoteDigest().catch(asAppError);
        differs = digestDifference(local, portal);
      }
      for (const { entity, id } of repaired) lines.push(`repaired: ${entity} ${id}`);
      converged = differs.length === 0 && status.pending === 0;
      digests = { local, portal, differs, repaired };
      // The portal's changes this kindergarten's rules refused: kept different on purpose
      // (compared by version only), so converged, but said.
      refusedPulls = (await core.call('sync.status', {})).rejectedPulls;
      for (const entity of [...new Set([...Object.keys(local), ...Object.keys(portal)])].sort()) {
        const l = local[entity];
        const p = portal[entity];
        lines.push(
          `digest ${entity}: local ${l?.count ?? 0} ${l?.hash ?? '-'} portal ${p?.count ?? 0} ${p?.hash ?? '-'}`,
        );
      }
      lines.push(`refused pulls: ${refusedPulls}`);
      lines.push(
        converged
          ? refusedPulls
            ? `converged (${refusedPulls} refused pulls kept different: see the Portal page)`
            : 'converged'
          : `NOT converged: ${[...differs, ...(status.pending ? [`${status.pending} pending`] : [])].join(', ')}`,
      );
    }
    core.close();
    if (options.json)
      console.log(
        JSON.stringify({
          ...report,
          pending: status.pending,
          digests,
          converged,
          ...(options.verify ? { rejectedPulls: refusedPulls } : {}),
        }),
      );
    else console.log(lines.join('\n'));
    return converged ? EXIT.ok : EXIT.failed;
  },

  async restore(options) {
    const recoveryKey = options['recovery-key'];
    const report = await restoreBackup({
      archivePath: resolve(required(options, 'in')),
      dataDir: resolve(required(options, 'data')),
      deviceSeal: new FileDeviceSeal(),
      secret: recoveryKey
        ? { recoveryKey }
        : { password: await actingPassword(), ...(options.as ? { login: options.as } : {}) },
    });
    for (const note of report.notes) console.log(`note: ${note}`);
    console.log('restored and verified: ok');
    return EXIT.ok;
  },
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  const run = command ? commands[command] : undefined;
  if (parsed.values.help || !run) {
    (run ? console.log : console.error)(USAGE);
    return parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    return await run(parsed.values, rest);
  } catch (thrown) {
    if (thrown instanceof UsageError) {
      console.error(`error: ${thrown.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    const error = toAppError(thrown);
    console.error(`error: ${describeError(error.toJSON())}`);
    const authFailure = [
      'wrongPassword',
      'wrongRecoveryKey',
      'loginThrottled',
      'restoreNeedsDirector',
      'needsNewPassword',
    ].includes(error.code);
    return authFailure ? EXIT.auth : EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
