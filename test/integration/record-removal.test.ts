import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import {
  attachments,
  auditLog,
  childRepresentatives,
  children,
  consents,
  documents,
  representatives,
  syncOutbox,
} from '../../db/schema';
import { registry } from '../../electron/core/registry';
import { attachmentPath } from '../../electron/core/vault/attachment-files';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings, withCheckDigit } from '../helpers/enrolled-child';
import { addStaff } from '../helpers/staff';
import { extractPdfText } from '../../electron/core/pdf/read-back';

/**
 * Issue 13, item 4: a document or representative entered by mistake is removed by the
 * director with a reason (audited as a code), the attachment's key and file are destroyed, the
 * portal learns a deletion; a child is never deleted (rule 25-10).
 */
describe('removing a document or representative entered by mistake', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId = '';
  let motherId = '';
  const store = () => fixture.core.services.store();
  const call: Fixture['core']['call'] = (method, input) => fixture.core.call(method, input);

  const reasonRows = (action: string, recordId: string) =>
    store()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, recordId)))
      .all();
  const deletions = (entity: string, id: string) =>
    store()
      .db.select()
      .from(syncOutbox)
      .where(
        and(
          eq(syncOutbox.entity, entity),
          eq(syncOutbox.entityId, id),
          eq(syncOutbox.op, 'delete'),
        ),
      )
      .all();

  async function importPhoto(type: 'child_photo' | 'id_copy' | 'other', representativeId?: string) {
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    const { id } = await call('documents.import', {
      childId,
      type,
      title: 'Қате жүктелген',
      representativeId,
      contentBase64: photo.toString('base64'),
    });
    return id;
  }
  const attachmentIdsOf = (documentId: string) => {
    const doc = store().db.select().from(documents).where(eq(documents.id, documentId)).get()!;
    return [doc.attachmentId, doc.thumbnailId].filter((id): id is string => id !== null);
  };
  const keyRow = (attachmentId: string) =>
    store().db.select().from(attachments).where(eq(attachments.id, attachmentId)).get();

  beforeAll(async () => {
    fixture = await newStore(root);
    ({ childId, representativeId: motherId } = await enrolledChild(fixture.core));
    await addStaff(fixture.core, {
      login: 'nurse-removal',
      displayName: 'Медбике',
      role: 'nurse',
      password: 'nurse-pass-123',
    });
  });

  it('the director removes a document with a reason: gone from the file, key and file destroyed, audited, a deletion for the portal', async () => {
    const documentId = await importPhoto('child_photo');
    const attachmentIds = attachmentIdsOf(documentId);
    expect(attachmentIds.length).toBeGreaterThan(0);
    for (const id of attachmentIds)
      expect(existsSync(attachmentPath(fixture.dataDir, id))).toBe(true);

    await call('documents.remove', { documentId, reason: 'wrongChild' });

    expect((await call('documents.list', { childId })).map((d) => d.id)).not.toContain(documentId);
    await expect(call('documents.read', { documentId })).rejects.toMatchObject({
      code: 'documentNotFound',
    });
    for (const id of attachmentIds) {
      expect(keyRow(id), 'the file key is deleted').toBeUndefined();
      expect(existsSync(attachmentPath(fixture.dataDir, id)), 'the file is deleted').toBe(false);
    }
    // The call's row under the child, and the reason as a code under the removed document.
    expect(reasonRows('documents.remove', childId)).toHaveLength(1);
    expect(reasonRows('documents.remove', documentId)).toEqual([
      expect.objectContaining({ entity: 'removalReason.wrongChild', outcome: 'ok' }),
    ]);
    expect(deletions('document', documentId)).toHaveLength(1);
    const { problems, notes } = await call('maintenance.verify', {});
    expect(problems).toEqual([]);
    expect(notes.join('\n')).not.toMatch(/no record/);
  });

  it('refuses a removal without a known reason, and nothing changes', async () => {
    const documentId = await importPhoto('child_photo');
    for (const reason of [undefined, '', 'because I said so'])
      await expect(call('documents.remove', { documentId, reason } as never)).rejects.toMatchObject(
        {
          code: 'invalidInput',
          params: { fields: ['reason'] },
        },
      );
    expect((await call('documents.list', { childId })).map((d) => d.id)).toContain(documentId);
    for (const id of attachmentIdsOf(documentId)) expect(keyRow(id)).toBeDefined();
  });

  it('a nurse may add a health page but not remove it: only the director corrects the file', async () => {
    await call('auth.signOut', {});
    await call('auth.signIn', { login: 'nurse-removal', password: 'nurse-pass-123' });
    // A password the director set is changed at first sign-in.
    await call('auth.changePassword', {
      currentPassword: 'nurse-pass-123',
      newPassword: 'nurse-own-pass-456',
    });
    const photo = await sharp({
      create: { width: 40, height: 40, channels: 3, background: { r: 9, g: 9, b: 9 } },
    })
      .jpeg()
      .toBuffer();
    const { id: documentId } = await call('documents.import', {
      childId,
      type: 'medical_card_page',
      title: 'Бет',
      contentBase64: photo.toString('base64'),
    });
    await expect(
      call('documents.remove', { documentId, reason: 'duplicate' }),
    ).rejects.toMatchObject({ code: 'permissionDenied' });
    await expect(
      call('representatives.remove', {
        childId,
        representativeId: motherId,
        reason: 'wrongPerson',
      }),
    ).rejects.toMatchObject({ code: 'permissionDenied' });
    expect(
      store().db.select().from(documents).where(eq(documents.id, documentId)).get(),
    ).toBeDefined();
    await call('auth.signOut', {});
    await call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    expect((await call('children.get', { childId })).representatives).toHaveLength(1);
  });

  it('the director removes a representative entered by mistake: link and their documents go, the person too, the child stays', async () => {
    const { representativeId: wrongId } = await call('representatives.link', {
      childId,
      representative: {
        iin: withCheckDigit('88020240012'),
        lastName: 'Қателесов',
        firstName: 'Бекзат',
        idDocumentType: 'id_card',
        idDocumentNumber: '012345678',
        phone: '+7 702 000 11 22',
      },
      relation: 'father',
      isPrimary: false,
    });
    const idCopy = await importPhoto('other', wrongId);
    const attachmentIds = attachmentIdsOf(idCopy);

    await call('representatives.remove', {
      childId,
      representativeId: wrongId,
      reason: 'wrongPerson',
    });

    const file = await call('children.get', { childId });
    expect(file.child.id).toBe(childId);
    expect(file.representatives.map((r) => r.id)).toEqual([motherId]);
    expect(file.consents.map((c) => c.representativeId)).toEqual([motherId]);
    const db = store().db;
    expect(
      db.select().from(representatives).where(eq(representatives.id, wrongId)).get(),
    ).toBeUndefined();
    expect(db.select().from(consents).where(eq(consents.representativeId, wrongId)).all()).toEqual(
      [],
    );
    expect(db.select().from(documents).where(eq(documents.id, idCopy)).get()).toBeUndefined();
    for (const id of attachmentIds) {
      expect(keyRow(id)).toBeUndefined();
      expect(existsSync(attachmentPath(fixture.dataDir, id))).toBe(false);
    }
    expect(reasonRows('representatives.remove', wrongId)).toEqual([
      expect.objectContaining({ entity: 'removalReason.wrongPerson', outcome: 'ok' }),
    ]);
    expect(reasonRows('representatives.remove', childId)).toHaveLength(1);
    expect(deletions('representative', wrongId)).toHaveLength(1);
    expect(deletions('document', idCopy)).toHaveLength(1);
    // No personal data of the person in any audit row.
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toMatch(/Қателесов|88020240012/);
    expect((await call('maintenance.verify', {})).problems).toEqual([]);
  });

  it('a person who also represents another child stays, only the link goes', async () => {
    const { childId: otherChild, representativeId: auntId } = await enrolledChild(fixture.core, {
      iinSerial: '0777',
    });
    await call('representatives.link', {
      childId,
      existing: { id: auntId },
      relation: 'other',
      isPrimary: false,
    });
    await call('representatives.remove', {
      childId,
      representativeId: auntId,
      reason: 'wrongChild',
    });
    expect((await call('children.get', { childId })).representatives.map((r) => r.id)).toEqual([
      motherId,
    ]);
    expect(
      (await call('children.get', { childId: otherChild })).representatives.map((r) => r.id),
    ).toEqual([auntId]);
    expect(deletions('representative', auntId)).toEqual([]);
  });

  it('a representative named on a contract is not removed (the contract is kept)', async () => {
    await fillContractSettings(fixture.core);
    await call('contracts.create', {
      childId,
      representativeId: motherId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    await expect(
      call('representatives.remove', { childId, representativeId: motherId, reason: 'duplicate' }),
    ).rejects.toMatchObject({ code: 'representativeHasContracts' });
    expect(
      store()
        .db.select()
        .from(childRepresentatives)
        .where(eq(childRepresentatives.representativeId, motherId))
        .all(),
    ).toHaveLength(1);
  });

  it('a consent is withdrawn by the director: kept with the day and who, no longer current, in the report; given again is a new row', async () => {
    const [consent] = (await call('children.get', { childId })).consents;
    expect(consent).toMatchObject({ representativeId: motherId, withdrawnOn: null });
    const [contract] = await call('contracts.list', { childId });
    const missing = async () =>
      (await call('contracts.check', { contractId: contract!.id })).missing;
    expect(await missing()).not.toContain('consent.givenOn');
    await expect(
      call('consents.withdraw', { childId: motherId, consentId: consent!.id }),
    ).rejects.toMatchObject({ code: 'consentNotFound' });

    const { withdrawnOn } = await call('consents.withdraw', { childId, consentId: consent!.id });

    // This computer's calendar day, not UTC's.
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(withdrawnOn).toBe(
      `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    );
    // The row is kept as it was given, with the withdrawal and who recorded it.
    const directorId = fixture.core.services.session!.accountId;
    const rows = () =>
      store().db.select().from(consents).where(eq(consents.childId, childId)).all();
    expect(rows()).toEqual([{ ...consent, withdrawnOn, withdrawnBy: directorId }]);
    const file = await call('children.get', { childId });
    expect(file.consents).toEqual(rows());
    expect(file.representatives.map((r) => r.id)).toEqual([motherId]);
    // No longer current: the contract lists the consent as missing.
    expect(await missing()).toContain('consent.givenOn');
    expect(
      reasonRows('consents.withdraw', childId).filter((row) => row.outcome === 'ok'),
    ).toHaveLength(1);

    // Not withdrawn twice: a typed error, and the first withdrawal stays as it was.
    await expect(
      call('consents.withdraw', { childId, consentId: consent!.id }),
    ).rejects.toMatchObject({ code: 'consentAlreadyWithdrawn' });
    expect(rows()).toEqual([{ ...consent, withdrawnOn, withdrawnBy: directorId }]);

    // The personal-data report shows the withdrawn consent with both days.
    const words = (language: 'kk' | 'ru') =>
      call('children.exportReport', { childId, language }).then(async ({ pdfBase64 }) =>
        (await extractPdfText(Buffer.from(pdfBase64, 'base64'))).join(' ').replace(/\s+/g, ' '),
      );
    const day = (iso: string) => iso.split('-').reverse().join('.');
    // The value column (the label beside it wraps): both days, the withdrawal after the giving.
    const ru = await words('ru');
    expect(ru).toContain(`Версия правил 2024-1, дата ${day(consent!.givenOn)}, дал(а):`);
    expect(ru).toContain(`Нұрланқызы; отозвано ${day(withdrawnOn)}`);
    const kk = await words('kk');
    expect(kk).toContain(`Ережелер нұсқасы 2024-1, берілген күні ${day(consent!.givenOn)}`);
    expect(kk).toContain(`Нұрланқызы; кері қайтарылған күні ${day(withdrawnOn)}`);

    // Given again: a new row, current, beside the withdrawn one.
    const { id: again } = await call('consents.record', {
      childId,
      representativeId: motherId,
      rulesVersion: '2024-1',
      givenOn: withdrawnOn,
    });
    expect(rows()).toHaveLength(2);
    expect((await call('children.get', { childId })).consents).toEqual([
      expect.objectContaining({ id: consent!.id, withdrawnOn, withdrawnBy: directorId }),
      expect.objectContaining({ id: again, withdrawnOn: null, withdrawnBy: null }),
    ]);
    expect(await missing()).not.toContain('consent.givenOn');
  });

  it('a representative who gave a consent for the child is not removed, also once it is withdrawn (the consent is kept)', async () => {
    // A child of her own, so the other checks here keep their file as it was.
    const { childId: ownChild, representativeId: grandmaId } = await enrolledChild(fixture.core, {
      iinSerial: '0888',
    });
    const { id: consentId } = await call('consents.record', {
      childId: ownChild,
      representativeId: grandmaId,
      rulesVersion: '2024-1',
      givenOn: '2026-09-02',
    });
    const theirConsents = () =>
      store().db.select().from(consents).where(eq(consents.id, consentId)).all();
    const linked = async () =>
      (await call('children.get', { childId: ownChild })).representatives.map((r) => r.id);
    const remove = () =>
      call('representatives.remove', {
        childId: ownChild,
        representativeId: grandmaId,
        reason: 'wrongPerson',
      });
    await expect(remove()).rejects.toMatchObject({ code: 'representativeHasConsents' });
    expect(theirConsents()).toHaveLength(1);
    expect(await linked()).toContain(grandmaId);

    await call('consents.withdraw', { childId: ownChild, consentId });
    await expect(remove()).rejects.toMatchObject({ code: 'representativeHasConsents' });
    expect(theirConsents()).toEqual([expect.objectContaining({ withdrawnOn: expect.any(String) })]);
    expect(await linked()).toContain(grandmaId);
    expect(deletions('representative', grandmaId)).toEqual([]);
  });

  it('a child cannot be deleted: no method does it, even a withdrawn and archived child stays whole', async () => {
    const deleting = Object.keys(registry).filter(
      (name) =>
        registry[name as keyof typeof registry].entity === 'child' &&
        /remove|delete|erase|purge|destroy/i.test(name),
    );
    expect(deleting).toEqual([]);
    for (const name of ['children.remove', 'children.delete'])
      expect(await fixture.core.dispatch(name, { childId })).toMatchObject({
        ok: false,
        error: { code: 'unknownMethod' },
      });
    await call('children.setStatus', { childId, status: 'withdrawn', on: '2026-12-01' });
    await call('children.archive', { childId });
    const file = await call('children.get', { childId });
    expect(file.child).toMatchObject({ id: childId, status: 'withdrawn', archived: true });
    expect(file.representatives.map((r) => r.id)).toEqual([motherId]);
    expect(store().db.select().from(children).where(eq(children.id, childId)).get()).toBeDefined();
    // The database itself refuses: the child's file is referenced by its records.
    expect(() => store().sqlite.prepare('DELETE FROM children WHERE id = ?').run(childId)).toThrow(
      /FOREIGN KEY/,
    );
    expect((await call('maintenance.verify', {})).problems).toEqual([]);
  });
});

describe('migration 0012 on a store that already holds a consent', () => {
  const root = tempFolder();

  it('keeps the stored consent as current, and it can then be withdrawn and kept', async () => {
    // The store as the previous version left it: every migration before 0012, a consent given.
    const previous = join(root, 'migrations');
    cpSync(fileURLToPath(new URL('../../db/migrations', import.meta.url)), previous, {
      recursive: true,
    });
    const journalPath = join(previous, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0012_consent-withdrawal-kept');
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalPath, JSON.stringify(journal));
    process.env.BALABAQSHA_MIGRATIONS = previous;
    let fixture: Fixture;
    const childId = 'c0000000-0000-4000-8000-000000000001';
    try {
      fixture = await newStore(root);
      const old = fixture.core.services.store();
      expect(old.sqlite.pragma('user_version', { simple: true })).toBe(at);
      const now = '2026-09-01T08:00:00.000Z';
      old.sqlite
        .prepare(
          `INSERT INTO children (id, iin, last_name, first_name, birth_date, sex, citizenship,
             status, created_at, updated_at)
           VALUES (?, '210314601236', 'Ұлықбекова', 'Іңкәр', '2021-03-14', 'female', 'KZ',
             'enrolled', ?, ?)`,
        )
        .run(childId, now, now);
      old.sqlite
        .prepare(
          `INSERT INTO representatives (id, iin, last_name, first_name, id_document_type,
             id_document_number, phone, created_at, updated_at)
           VALUES ('b0000000-0000-4000-8000-000000000002', ?, 'Ұлықбекова', 'Әйгерім', 'id_card', '049912345', '+7 701 555 12 34', ?, ?)`,
        )
        .run(withCheckDigit('90051240456'), now, now);
      old.sqlite
        .prepare(
          `INSERT INTO child_representatives (child_id, representative_id, relation)
           VALUES (?, 'b0000000-0000-4000-8000-000000000002', 'mother')`,
        )
        .run(childId);
      old.sqlite
        .prepare(
          `INSERT INTO consents (id, child_id, representative_id, rules_version, given_on, recorded_by)
           VALUES ('a0000000-0000-4000-8000-000000000003', ?, 'b0000000-0000-4000-8000-000000000002', '2024-1', '2026-09-01', (SELECT id FROM staff_accounts))`,
        )
        .run(childId);
      fixture.core.services.lock();
    } finally {
      delete process.env.BALABAQSHA_MIGRATIONS;
    }

    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const store = fixture.core.services.store();
    expect(store.sqlite.pragma('user_version', { simple: true })).toBeGreaterThan(at);
    const [consent] = (await fixture.core.call('children.get', { childId })).consents;
    expect(consent).toMatchObject({ givenOn: '2026-09-01', withdrawnOn: null, withdrawnBy: null });
    const { withdrawnOn } = await fixture.core.call('consents.withdraw', {
      childId,
      consentId: consent!.id,
    });
    expect(store.db.select().from(consents).all()).toEqual([
      { ...consent, withdrawnOn, withdrawnBy: fixture.core.services.session!.accountId },
    ]);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});
