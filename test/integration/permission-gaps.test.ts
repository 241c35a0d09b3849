import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import type { PrintBackend } from '../../electron/core/printing/backend';
import type { PrintOptions } from '../../electron/core/printing/cups';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { ROLE_PERMISSIONS, type Permission } from '../../electron/core/auth/permissions';
import { tabsFor } from '../../renderer/src/features/children/access';
import { STAFF_ROLES, type StaffRole } from '../../db/schema';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings } from '../helpers/enrolled-child';
import { addStaff } from '../helpers/staff';

/**
 * Issue 10, item 10: what a role may see of a child's file and of a contract is decided in the
 * core, by one rule per kind of detail, whichever method returns it.
 */
class RecordingPrinter implements PrintBackend {
  readonly kind = 'cups';
  readonly jobs: Uint8Array[] = [];
  async printers() {
    return ['Office'];
  }
  async print(pdf: Uint8Array, _options: PrintOptions) {
    this.jobs.push(pdf);
    return { jobId: `job-${this.jobs.length}` };
  }
}

const PAYER_IBAN = 'KZ563190000012344567';
const PAYER_BANK = '«Kaspi Bank» АҚ';
/** The representative's identity-document number entered by enrolledChild. */
const ID_NUMBER = '049912345';
const text = async (base64OrBytes: string | Uint8Array) =>
  (
    await extractPdfText(
      typeof base64OrBytes === 'string' ? Buffer.from(base64OrBytes, 'base64') : base64OrBytes,
    )
  )
    .join('\n')
    .replace(/\s+/g, ' ');

describe('permission gaps: bank details, identity documents, history, privileges', () => {
  const root = tempFolder();
  const printer = new RecordingPrinter();
  let core: Core;
  let child: Awaited<ReturnType<typeof enrolledChild>>;
  let contractId = '';
  const password = (role: StaffRole) => `${role}-pass-1`;

  async function as(role: StaffRole) {
    if (role === 'director')
      await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    else await core.call('auth.signIn', { login: `gaps-${role}`, password: password(role) });
  }

  /** Runs `body` as `role` with one permission taken away (a role the matrix may grow into). */
  async function without<T>(role: StaffRole, permission: Permission, body: () => Promise<T>) {
    const held = ROLE_PERMISSIONS[role] as Set<Permission>;
    expect(held.has(permission)).toBe(true);
    held.delete(permission);
    try {
      return await body();
    } finally {
      held.add(permission);
    }
  }

  beforeAll(async () => {
    core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      printBackend: printer,
    });
    await core.call('setup.initialize', {
      orgName: ORG.name,
      orgBin: ORG.bin,
      adminLogin: DIRECTOR.login,
      adminName: DIRECTOR.name,
      password: DIRECTOR.password,
    });
    await fillContractSettings(core);
    child = await enrolledChild(core);
    for (const role of STAFF_ROLES.filter((r) => r !== 'director'))
      await addStaff(
        core,
        { login: `gaps-${role}`, displayName: role, role, password: password(role) },
        role === 'teacher' ? [child.groupId] : [],
      );
    for (const [categoryCode, documentNumber] of [
      ['special_needs', 'ПМПК-17'],
      ['orphan', 'ОП-3'],
      ['disabled_parent', 'МСЭ-2291'],
      ['large_family', 'КБ-117'],
    ] as const)
      await core.call('privileges.add', {
        childId: child.childId,
        categoryCode,
        documentNumber,
        validFrom: '2026-09-01',
      });
    ({ id: contractId } = await core.call('contracts.create', {
      childId: child.childId,
      representativeId: child.representativeId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
      payerIban: PAYER_IBAN,
      payerBank: PAYER_BANK,
    }));
  });

  it('(a) the payer bank details in a contract need bankDetails.read, not only contracts.read', async () => {
    await as('director');
    const full = await core.call('contracts.render', { contractId });
    expect(await text(full.pdfBase64)).toContain(PAYER_IBAN);
    expect(await text(full.pdfBase64)).toContain(PAYER_BANK);

    await as('accountant');
    const accountant = await core.call('contracts.render', { contractId });
    expect(await text(accountant.pdfBase64)).toContain(PAYER_IBAN);

    // A role with contracts.read but without bankDetails.read gets a preview without them.
    const masked = await without('accountant', 'bankDetails.read', () =>
      core.call('contracts.render', { contractId }),
    );
    const maskedText = await text(masked.pdfBase64);
    expect(maskedText).not.toContain(PAYER_IBAN);
    expect(maskedText).not.toContain(PAYER_BANK);
    expect(masked.withheld).toEqual(expect.arrayContaining(['payer.bank', 'payer.iban']));
    expect(full.withheld).toEqual([]);
    // Still the same contract: its content hash and QR code are those of the whole content.
    expect(masked.contentHash).toBe(full.contentHash);
    expect(maskedText).toContain(full.contentHash);
  });

  it("(b) the accountant's contract preview hides the representative's identity document, as the child's file does", async () => {
    await as('accountant');
    const file = await core.call('children.get', { childId: child.childId });
    expect(file.representatives[0]).toMatchObject({
      idDocumentNumber: null,
      idDocumentType: null,
      idDocumentIssuer: null,
    });
    const preview = await core.call('contracts.render', { contractId });
    const previewText = await text(preview.pdfBase64);
    expect(previewText).not.toContain(ID_NUMBER);
    expect(previewText).not.toContain('ҚР ІІМ');
    expect(preview.withheld).toContain('rep.idDocument');
    expect(previewText).toContain(child.iin); // the rest of the contract is there

    await as('nurse');
    expect(
      (await core.call('children.get', { childId: child.childId })).representatives[0],
    ).toMatchObject({ idDocumentNumber: ID_NUMBER });
    await as('director');
    expect(await text((await core.call('contracts.render', { contractId })).pdfBase64)).toContain(
      ID_NUMBER,
    );

    // The paper contract the family signs carries everything, also when the accountant prints.
    await as('accountant');
    await core.call('contracts.print', { contractIds: [contractId], printer: 'Office' });
    const printed = await text(printer.jobs.at(-1)!);
    expect(printed).toContain(ID_NUMBER);
    expect(printed).toContain(PAYER_IBAN);
  });

  it("(b) the CLI's contract file for the accountant is a preview: identity document withheld, not recorded as printed", async () => {
    await as('director');
    const markedPrinted = () =>
      core.services
        .store()
        .sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'contracts.markPrinted'")
        .pluck()
        .get() as number;
    const before = markedPrinted();
    core.close();
    const out = join(root, 'accountant-contract.pdf');
    const result = await runCli(
      [
        'contract',
        '--data',
        join(root, 'data'),
        '--child',
        child.iin,
        '--out',
        out,
        '--as',
        'gaps-accountant',
      ],
      {
        BALABAQSHA_DEVICE_KEY: join(root, 'device.key'),
        BALABAQSHA_PASSWORD: password('accountant'),
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('written as a preview without rep.idDocument');
    const written = await text(readFileSync(out));
    expect(written).not.toContain(ID_NUMBER);
    expect(written).toContain(PAYER_IBAN); // the accountant may see bank details
    await as('director');
    expect(markedPrinted()).toBe(before);
  });

  it("(c) a child's history is part of the audit log: audit.read, the director only; the tab likewise", async () => {
    for (const role of STAFF_ROLES) {
      await as(role);
      const result = await core.dispatch('children.history', { childId: child.childId });
      if (role === 'director') expect(result.ok, role).toBe(true);
      else
        expect(result, role).toMatchObject({
          ok: false,
          error: { code: 'permissionDenied', params: { permission: 'audit.read' } },
        });
      expect(tabsFor(role).includes('history'), role).toBe(role === 'director');
    }
    await as('director');
    const history = await core.call('children.history', { childId: child.childId });
    expect(history.map((row) => row.action)).toContain('contracts.render');
  });

  it('(d) teachers and methodists see only the privileges that matter in the group, without proof details', async () => {
    for (const role of ['teacher', 'methodist'] as const) {
      await as(role);
      const { privileges } = await core.call('children.get', { childId: child.childId });
      expect(privileges.map((p) => p.categoryCode).sort(), role).toEqual([
        'orphan',
        'special_needs',
      ]);
      for (const privilege of privileges)
        expect(privilege).toMatchObject({
          documentNumber: null,
          validFrom: null,
          validUntil: null,
        });
    }
    for (const role of ['director', 'nurse', 'accountant'] as const) {
      await as(role);
      const { privileges } = await core.call('children.get', { childId: child.childId });
      expect(privileges.map((p) => p.categoryCode).sort(), role).toEqual([
        'disabled_parent',
        'large_family',
        'orphan',
        'special_needs',
      ]);
      expect(privileges.find((p) => p.categoryCode === 'disabled_parent')).toMatchObject({
        documentNumber: 'МСЭ-2291',
        validFrom: '2026-09-01',
      });
    }
  });
});
