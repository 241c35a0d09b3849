import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, contracts, syncOutbox } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings, withCheckDigit } from '../helpers/enrolled-child';

const TERM = { date: '2026-09-01', termFrom: '2026-09-01', termUntil: '2027-05-31' };

/**
 * Item 6 of issue 13: a whole group's drafts in one action, the children whose data is
 * incomplete listed with what is missing, and contracts saved as a PDF file for the family.
 */
describe('contracts for a group', () => {
  const root = tempFolder();
  let core: Core;
  let groupId = '';
  const complete: string[] = [];
  let noReferral = '';
  let noRepresentative = '';

  const auditRows = (action: string) =>
    core.services.store().db.select().from(auditLog).where(eq(auditLog.action, action)).all();
  const groupContracts = () => core.call('contracts.list', { groupId });

  beforeAll(async () => {
    ({ core } = await newStore(root));
    await fillContractSettings(core);
    for (const [serial, firstName] of [
      ['0201', 'Айша'],
      ['0202', 'Бекзат'],
      ['0203', 'Дана'],
    ] as const) {
      const child = await enrolledChild(core, { iinSerial: serial, ...(groupId && { groupId }) });
      groupId = child.groupId;
      await core.call('children.update', { childId: child.childId, changes: { firstName } });
      complete.push(child.childId);
    }
    // Dana's referral number is not filled in yet: her contract cannot be printed.
    noReferral = complete.pop()!;
    await core.call('children.update', {
      childId: noReferral,
      changes: { referralNumber: null },
    });
    // Ermek has no representative yet: there is nobody to sign.
    noRepresentative = (
      await core.call('children.create', {
        iin: withCheckDigit('21041550201'),
        lastName: 'Сейітов',
        firstName: 'Ермек',
        birthDate: '2021-04-15',
        sex: 'male',
        citizenship: 'KZ',
        groupId,
        status: 'enrolled',
      })
    ).id;
  });

  it('is atomic: a failure part-way through leaves no draft, no outbox row, no audit row', async () => {
    const store = core.services.store();
    const outboxBefore = store.db.select().from(syncOutbox).all().length;
    // The storage fails on the second child's insert (as a full disk would).
    store.sqlite.exec(
      `CREATE TEMP TRIGGER fail_second BEFORE INSERT ON contracts WHEN NEW.child_id = '${complete[1]}'
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    try {
      const failed = await core.dispatch('contracts.createForGroup', { groupId, ...TERM });
      expect(failed.ok).toBe(false);
    } finally {
      store.sqlite.exec('DROP TRIGGER fail_second');
    }
    expect(await groupContracts()).toEqual([]);
    expect(store.db.select().from(contracts).all()).toEqual([]);
    expect(store.db.select().from(syncOutbox).all()).toHaveLength(outboxBefore);
    expect(auditRows('contracts.createForGroup')).toEqual([]);
  });

  it('makes drafts for the complete children and lists the incomplete ones with what is missing', async () => {
    const result = await core.call('contracts.createForGroup', { groupId, ...TERM });
    expect(result.created.map((c) => [c.childId, c.number, c.name])).toEqual([
      [complete[0], '2026-0001', 'Ұлықбекова Айша Ғалымқызы'],
      [complete[1], '2026-0002', 'Ұлықбекова Бекзат Ғалымқызы'],
    ]);
    expect(result.incomplete).toEqual([
      { childId: noRepresentative, name: 'Сейітов Ермек', missing: ['representative'] },
      { childId: noReferral, name: 'Ұлықбекова Дана Ғалымқызы', missing: ['referral.number'] },
    ]);
    expect(result.skipped).toEqual([]);
    // Only the complete children have a contract; each is printable as it stands.
    const stored = await groupContracts();
    expect(stored.map((c) => [c.childId, c.status]).sort()).toEqual(
      complete.map((id) => [id, 'draft']).sort(),
    );
    for (const { id } of result.created)
      expect(await core.call('contracts.check', { contractId: id })).toEqual({ missing: [] });
    // Each draft is audited on its child and reaches the portal like one made alone.
    expect(auditRows('contracts.createForGroup').map((row) => row.entityId)).toEqual(
      expect.arrayContaining([groupId, ...complete]),
    );
    const outbox = core.services
      .store()
      .db.select()
      .from(syncOutbox)
      .where(eq(syncOutbox.entity, 'contract'))
      .all();
    expect(outbox).toHaveLength(2);
  });

  it('skips children who already have a contract for the term, naming it; fills the rest once corrected', async () => {
    await core.call('children.update', {
      childId: noReferral,
      changes: { referralNumber: 'KZ-2026-004513' },
    });
    const again = await core.call('contracts.createForGroup', {
      childIds: [...complete, noReferral],
      ...TERM,
    });
    expect(again.created.map((c) => [c.childId, c.number])).toEqual([[noReferral, '2026-0003']]);
    expect(again.skipped).toEqual([
      expect.objectContaining({ childId: complete[0], reason: 'hasContract', number: '2026-0001' }),
      expect.objectContaining({ childId: complete[1], reason: 'hasContract', number: '2026-0002' }),
    ]);
    expect(again.incomplete).toEqual([]);
    expect(await groupContracts()).toHaveLength(3);
  });

  it('refuses bad input with nothing changed', async () => {
    for (const input of [
      { ...TERM },
      { groupId, ...TERM, termUntil: '2026-08-01' },
      { childIds: [], ...TERM },
      { childIds: ['not-an-id'], ...TERM },
    ]) {
      const refused = await core.dispatch('contracts.createForGroup', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    }
    expect(await groupContracts()).toHaveLength(3);
  });

  it('saves one contract or the batch as a PDF to send to the family, audited per child', async () => {
    const stored = await groupContracts();
    const one = await core.call('contracts.savePdf', { contractIds: [stored[0]!.id] });
    expect(one.fileName).toBe(`contract-${stored[0]!.number}.pdf`);
    expect(one.fileName).not.toMatch(/Ұлықбекова/);
    const onePages = await extractPdfText(Buffer.from(one.pdfBase64, 'base64'));
    expect(onePages.join('\n')).toContain(stored[0]!.number);

    const auditedBefore = auditRows('contracts.savePdf').length;
    const batch = await core.call('contracts.savePdf', { contractIds: stored.map((c) => c.id) });
    expect(batch.numbers).toEqual(stored.map((c) => c.number));
    const text = (await extractPdfText(Buffer.from(batch.pdfBase64, 'base64'))).join('\n');
    for (const { number } of stored) expect(text).toContain(number);
    expect(text).toContain('Бекзат');
    // The export of each family's data is in the audit log, on its child.
    const audited = auditRows('contracts.savePdf').slice(auditedBefore);
    expect(audited.map((row) => row.entityId).sort()).toEqual(stored.map((c) => c.childId).sort());
    // Saving changes no contract's status: it is a copy, not the printed original.
    expect((await groupContracts()).every((c) => c.status === 'draft')).toBe(true);
  });

  it('numbers and lists a group in Kazakh alphabetical order (Ә after А, Қ after К, Я last)', async () => {
    const { id: otherGroup } = await core.call('groups.create', {
      name: 'Ортаңғы «Балдырған»',
      ageGroup: 'middle',
      language: 'kk',
    });
    const ids: Record<string, string> = {};
    for (const [serial, lastName] of [
      ['0204', 'Яхина'],
      ['0205', 'Қасымова'],
      ['0206', 'Әлиева'],
      ['0207', 'Кенжебаева'],
      ['0208', 'Ахметова'],
    ] as const) {
      const child = await enrolledChild(core, { iinSerial: serial, groupId: otherGroup });
      await core.call('children.update', { childId: child.childId, changes: { lastName } });
      ids[lastName] = child.childId;
    }
    const result = await core.call('contracts.createForGroup', { groupId: otherGroup, ...TERM });
    expect(result.created.map((c) => [c.name.split(' ')[0], c.number])).toEqual([
      ['Ахметова', '2026-0004'],
      ['Әлиева', '2026-0005'],
      ['Кенжебаева', '2026-0006'],
      ['Қасымова', '2026-0007'],
      ['Яхина', '2026-0008'],
    ]);
    expect(result.created.map((c) => c.childId)).toEqual(
      ['Ахметова', 'Әлиева', 'Кенжебаева', 'Қасымова', 'Яхина'].map((name) => ids[name]),
    );
  });
});
