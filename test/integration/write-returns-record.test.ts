/**
 * Writes return the stored record (issue 12, item 4): what a write answers is the record as the
 * corresponding read shows it (its id, its fields as stored: text trimmed, defaults filled), so
 * the window shows it without rebuilding it or reading the medical data again.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { enrolledChild, fillContractSettings, withCheckDigit } from '../helpers/enrolled-child';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';

describe('health writes return the stored record', () => {
  const root = tempFolder();
  let core: Core;
  let childId: string;

  beforeAll(async () => {
    ({ core } = await newStore(root));
    ({ childId } = await enrolledChild(core));
  });

  afterAll(() => core?.close());

  it('health.addRecord answers the record as health.get lists it', async () => {
    const allergy = await core.call('health.addRecord', {
      childId,
      record: { kind: 'allergy', allergyKind: 'food', allergen: '  Жаңғақ  ', reaction: ' ' },
    });
    expect(allergy).toEqual({
      id: expect.any(String),
      childId,
      kind: 'food',
      allergen: 'Жаңғақ',
      reaction: null,
    });
    const chronic = await core.call('health.addRecord', {
      childId,
      record: { kind: 'chronic', condition: ' Бронх демікпесі ' },
    });
    expect(chronic).toMatchObject({ condition: 'Бронх демікпесі', dispensaryObservation: false });
    const card = await core.call('health.addRecord', {
      childId,
      record: { kind: 'medicalCard', date: '2024-03-01', complaint: ' Жөтел\n' },
    });
    const health = await core.call('health.get', { childId });
    expect(health.allergies).toEqual([allergy]);
    expect(health.chronicConditions).toEqual([chronic]);
    // The account that wrote it is part of the stored entry.
    expect(health.medicalCard).toEqual([card]);
    expect(card).toMatchObject({ complaint: 'Жөтел', recordedBy: expect.any(String) });
  });

  it('health.updatePassport answers the passport as stored, with its time', async () => {
    const passport = await core.call('health.updatePassport', {
      childId,
      bloodGroup: 'A',
      disability: '  жоқ  ',
    });
    expect(passport).toEqual({
      childId,
      bloodGroup: 'A',
      rhFactor: null,
      healthGroup: null,
      peGroup: null,
      disability: 'жоқ',
      updatedAt: expect.any(String),
    });
    // A partial update answers the whole passport, the fields it did not name as they were.
    const changed = await core.call('health.updatePassport', { childId, rhFactor: '+' });
    expect(changed).toMatchObject({ bloodGroup: 'A', rhFactor: '+', disability: 'жоқ' });
    expect((await core.call('health.get', { childId })).passport).toEqual(changed);
  });

  it('health.removeRecord answers the record it removed', async () => {
    const measured = await core.call('health.addRecord', {
      childId,
      record: { kind: 'measurement', measuredOn: '2024-02-01', heightCm: 104.5, weightKg: 19.5 },
    });
    const removed = await core.call('health.removeRecord', {
      childId,
      kind: 'measurement',
      recordId: measured.id,
    });
    expect(removed).toEqual(measured);
    expect((await core.call('health.get', { childId })).anthropometry).toEqual([]);
  });
});

const jpeg = async () =>
  (
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c85028' } })
      .jpeg()
      .toBuffer()
  ).toString('base64');

describe("the child's file: each write returns the record as its read shows it", () => {
  const root = tempFolder();
  let core: Core;
  let childId: string;
  let representativeId: string;

  beforeAll(async () => {
    ({ core } = await newStore(root));
    ({ childId, representativeId } = await enrolledChild(core));
  });

  afterAll(() => core?.close());

  const file = () => core.call('children.get', { childId });

  it('children.create, update and setStatus answer the child as children.get shows it', async () => {
    const { child } = await file();
    const created = await core.call('children.create', {
      iin: withCheckDigit('21031450999'),
      lastName: '  Серіков ',
      firstName: 'Арман',
      birthDate: '2021-03-14',
      sex: 'male',
      citizenship: 'KZ',
      groupId: child.groupId,
      status: 'referred',
    });
    expect(created).toMatchObject({ lastName: 'Серіков', patronymic: null, status: 'referred' });
    const other = await core.call('children.get', { childId: created.id });
    expect(created).toEqual(other.child);

    const updated = await core.call('children.update', {
      childId,
      changes: { actualAddress: '  Астана қ., Тұран 55 ' },
    });
    expect(updated).toMatchObject({ actualAddress: 'Астана қ., Тұран 55' });
    expect(updated).toEqual((await file()).child);
    const left = await core.call('children.setStatus', {
      childId: created.id,
      status: 'enrolled',
      on: '2026-09-01',
    });
    expect(left).toMatchObject({ status: 'enrolled', enrolledOn: '2026-09-01' });
    expect(left).toEqual((await core.call('children.get', { childId: created.id })).child);
  });

  it('representatives.link, privileges.add and consents.record answer their entries in the file', async () => {
    const linked = await core.call('representatives.link', {
      childId,
      representative: {
        iin: withCheckDigit('85011530045'),
        lastName: 'Ұлықбеков',
        firstName: ' Ғалым ',
        idDocumentType: 'id_card',
        idDocumentNumber: '041234567',
        phone: '+7 701 555 00 11',
      },
      relation: 'father',
    });
    const entry = (await file()).representatives.find((r) => r.id === linked.representativeId);
    expect(linked).toEqual({ representativeId: entry!.id, ...entry });
    expect(linked).toMatchObject({ firstName: 'Ғалым', relation: 'father', isPrimary: false });

    const privilege = await core.call('privileges.add', {
      childId,
      categoryCode: 'large_family',
      documentNumber: ' КС-77 ',
    });
    const listed = (await file()).privileges.find((p) => p.id === privilege.id);
    expect(privilege).toEqual(listed);
    expect(privilege).toMatchObject({ documentNumber: 'КС-77', validFrom: null });

    const consent = await core.call('consents.record', {
      childId,
      representativeId,
      rulesVersion: ' 2025-2 ',
      givenOn: '2026-09-02',
    });
    expect(consent).toEqual((await file()).consents.find((c) => c.id === consent.id));
    expect(consent).toMatchObject({ rulesVersion: '2025-2', withdrawnOn: null });
  });

  it('portfolio.addEntry and documents.import answer the entry as their lists show it', async () => {
    const entry = await core.call('portfolio.addEntry', {
      childId,
      date: '2026-11-20',
      area: 'creative',
      title: ' Күз суреті ',
      files: [{ title: 'Сурет', contentBase64: await jpeg() }],
    });
    expect(entry).toMatchObject({ title: 'Күз суреті', files: [{ title: 'Сурет' }] });
    expect([entry]).toEqual(await core.call('portfolio.list', { childId }));

    const document = await core.call('documents.import', {
      childId,
      type: 'other',
      title: ' Анықтама ',
      contentBase64: await jpeg(),
    });
    const documents = await core.call('documents.list', { childId });
    expect(document).toEqual({
      mime: 'image/jpeg',
      ...documents.find((d) => d.id === document.id),
    });
    expect(document).toMatchObject({ title: 'Анықтама', type: 'other', hasThumbnail: true });
  });

  it('contract writes answer the contract as contracts.list shows it', async () => {
    await fillContractSettings(core);
    const created = await core.call('contracts.create', {
      childId,
      representativeId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    const listed = () => core.call('contracts.list', { childId });
    expect(created).toEqual({ ...(await listed())[0], missing: [] });
    expect(created).toMatchObject({ number: '2026-0001', status: 'draft' });
    const { contentHash } = await core.call('contracts.render', { contractId: created.id });
    const printed = await core.call('contracts.markPrinted', {
      contractId: created.id,
      contentHash,
    });
    expect(printed).toEqual((await listed())[0]);
    expect(printed).toMatchObject({ status: 'printed' });
    const signed = await core.call('contracts.markSigned', {
      contractId: created.id,
      signedOn: '2026-09-03',
      scanBase64: await jpeg(),
    });
    expect(signed).toEqual({ ...(await listed())[0], status: 'signed' });
    const ended = await core.call('contracts.terminate', {
      contractId: created.id,
      on: '2027-01-31',
    });
    expect(ended).toEqual({ ...(await listed())[0], status: 'terminated' });
  });
});
