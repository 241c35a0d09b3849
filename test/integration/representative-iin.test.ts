import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, representatives, syncOutbox } from '../../db/schema';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings, withCheckDigit } from '../helpers/enrolled-child';

/**
 * Issue 10, item 4: the same IIN is the same person. Entering a representative for a second
 * child with the IIN of the first child's mother but another name used to rename her and
 * blank her e-mail, workplace and address, so her printed contract no longer matched.
 */
describe("a representative's IIN links the stored person, never overwrites them", () => {
  const root = tempFolder();
  let fixture: Fixture;
  let mother = { id: '', iin: '' };
  let childA = '';
  let childB = '';
  let qrPayload = '';

  const storedMother = () =>
    fixture.core.services
      .store()
      .db.select()
      .from(representatives)
      .where(eq(representatives.id, mother.id))
      .get()!;
  const outboxRows = () =>
    fixture.core.services
      .store()
      .db.select()
      .from(syncOutbox)
      .where(eq(syncOutbox.entity, 'representative'))
      .all();
  const audited = (action: string, entityId: string) =>
    fixture.core.services
      .store()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
      .all();
  const contractOfA = () => fixture.core.call('contracts.verify', { qrPayload });

  /** What a tired user types for child B: the mother's IIN, another name, nothing else. */
  const typedForB = () => ({
    iin: mother.iin,
    lastName: 'Серікова',
    firstName: 'Дана',
    idDocumentType: 'passport' as const,
    idDocumentNumber: 'N1234567',
    phone: '+7 705 111 22 33',
  });

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    const a = await enrolledChild(core);
    childA = a.childId;
    const file = await core.call('children.get', { childId: childA });
    mother = { id: a.representativeId, iin: file.representatives[0]!.iin };
    await fillContractSettings(core);
    const contract = await core.call('contracts.create', {
      childId: childA,
      representativeId: mother.id,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    const { contentHash, number } = await core.call('contracts.render', {
      contractId: contract.id,
    });
    await core.call('contracts.markPrinted', { contractId: contract.id, contentHash });
    qrPayload = `BQC1|${number}|${contentHash}`;
    ({ id: childB } = await core.call('children.create', {
      iin: withCheckDigit('22051050123'),
      lastName: 'Серіков',
      firstName: 'Арман',
      birthDate: '2022-05-10',
      sex: 'male',
      citizenship: 'KZ',
      groupId: a.groupId,
      status: 'enrolled',
    }));
  });

  it('refuses a new person with a stored IIN and another name: the mother is unchanged', async () => {
    const before = storedMother();
    expect(before).toMatchObject({
      email: 'aigerim@example.kz',
      workplace: '«Ақ жол» ЖШС',
      address: 'Астана қ., Сарыарқа даңғылы 7, 21',
    });
    const outboxBefore = outboxRows().length;
    const refused = await fixture.core.dispatch('representatives.link', {
      childId: childB,
      representative: typedForB(),
      relation: 'mother',
      isPrimary: true,
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'representativeExists', params: { representativeId: mother.id } },
    });
    expect(storedMother()).toEqual(before);
    expect((await fixture.core.call('children.get', { childId: childB })).representatives).toEqual(
      [],
    );
    expect(outboxRows()).toHaveLength(outboxBefore);
    expect(await contractOfA()).toMatchObject({ matches: true, differences: [] });
  });

  it('looks the stored person up by IIN (an audited read, only for who may add representatives)', async () => {
    const found = await fixture.core.call('representatives.findByIin', { iin: mother.iin });
    expect(found).toMatchObject({
      id: mother.id,
      lastName: 'Ұлықбекова',
      firstName: 'Әйгерім',
      idDocumentNumber: '049912345',
      email: 'aigerim@example.kz',
      linkedTo: [{ childId: childA, relation: 'mother' }],
    });
    expect(audited('representatives.findByIin', mother.id)).toHaveLength(1);
    expect(
      await fixture.core.call('representatives.findByIin', { iin: withCheckDigit('85010240001') }),
    ).toBeNull();
  });

  it('links the stored person as they are: unchanged, on both files, the contract still matches', async () => {
    const before = storedMother();
    const outboxBefore = outboxRows().length;
    await fixture.core.call('representatives.link', {
      childId: childB,
      existing: { id: mother.id },
      relation: 'mother',
      isPrimary: true,
    });
    expect(storedMother()).toEqual(before);
    for (const childId of [childA, childB]) {
      const { representatives: reps } = await fixture.core.call('children.get', { childId });
      expect(reps.map((r) => [r.id, r.relation, r.isPrimary])).toEqual([
        [mother.id, 'mother', true],
      ]);
    }
    expect(audited('representatives.link', childB)).toHaveLength(1);
    // The portal learns of the new link (the existing change builder, child B's id).
    const rows = outboxRows();
    expect(rows).toHaveLength(outboxBefore + 1);
    expect(JSON.parse(rows.at(-1)!.fields)).toMatchObject({
      relation: 'mother',
      iin: mother.iin,
      lastName: 'Ұлықбекова',
      email: 'aigerim@example.kz',
    });
    expect(await contractOfA()).toMatchObject({ matches: true, differences: [] });
  });

  it('changes only the fields confirmed, audited; unconfirmed changes are refused', async () => {
    const before = storedMother();
    expect(
      await fixture.core.dispatch('representatives.link', {
        childId: childB,
        existing: { id: mother.id, changes: { lastName: 'Серікова', email: null } },
        relation: 'mother',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(storedMother()).toEqual(before);
    expect(
      await fixture.core.dispatch('representatives.link', {
        childId: childB,
        existing: { id: mother.id },
        representative: typedForB(),
        relation: 'mother',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });

    const auditsBefore = audited('representatives.link', childB).length;
    await fixture.core.call('representatives.link', {
      childId: childB,
      existing: {
        id: mother.id,
        changes: { phone: '+7 705 111 22 33', workplace: null },
        confirmed: true,
      },
      relation: 'mother',
      isPrimary: true,
    });
    const after = storedMother();
    expect(after).toEqual({
      ...before,
      phone: '+7 705 111 22 33',
      workplace: null,
      updatedAt: after.updatedAt,
    });
    expect(audited('representatives.link', childB)).toHaveLength(auditsBefore + 1);
    // The confirmed change is the one the printed contract now names; the name is untouched.
    const check = await contractOfA();
    expect(check.matches).toBe(false);
    expect(check.differences).toEqual(expect.arrayContaining(['rep.phone', 'rep.workplace']));
    expect(check.differences).not.toContain('rep.fullName');
  });

  it('refuses an unknown person to link', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    expect(
      await fixture.core.dispatch('representatives.link', {
        childId: childB,
        existing: { id: unknownId },
        relation: 'father',
      }),
    ).toMatchObject({ ok: false, error: { code: 'representativeNotFound' } });
  });
});
