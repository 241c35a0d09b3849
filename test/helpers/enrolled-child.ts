import { checkDigit } from '../../electron/core/kz-id/kz-id';
import type { Core } from '../../electron/core/core';

export const withCheckDigit = (first11: string) => first11 + checkDigit([...first11].map(Number));

/** The organisation's details (settings) with every field a printed contract needs. */
export const FULL_ORG = {
  nameRu: 'Ясли-сад «Балапан» Гажайып',
  cityKk: 'Астана қ.',
  cityRu: 'г. Астана',
  addressKk: 'Астана қ., Қабанбай батыр даңғылы 11',
  addressRu: 'г. Астана, проспект Кабанбай батыра 11',
  directorName: 'Жұмабаева Гүлнар Серікқызы',
  phone: '+7 7172 55 66 77',
  bankName: '«Halyk Bank» АҚ / АО',
  iban: 'KZ886010002008543210',
  bic: 'HSBKKZKX',
};

/** Contract terms with every field a printed contract needs. */
export const FULL_TERMS = {
  monthlyFee: 28500,
  paymentDueDay: 10,
  regimeKk: 'дүйсенбі–жұма, 07:30–18:30',
  regimeRu: 'понедельник–пятница, 07:30–18:30',
};

/** Fills the organisation's details and the contract terms, as a director does once. */
export async function fillContractSettings(core: Core): Promise<void> {
  await core.call('settings.update', FULL_ORG);
  await core.call('contracts.updateTerms', FULL_TERMS);
}

/** An enrolled child with a primary representative (and consent), as a director would enter them. */
export async function enrolledChild(
  core: Core,
  overrides: { iinSerial?: string; groupId?: string } = {},
) {
  const groupId =
    overrides.groupId ??
    (
      await core.call('groups.create', {
        name: 'Ересек «Күншуақ»',
        ageGroup: 'senior',
        language: 'kk',
      })
    ).id;
  const iin = withCheckDigit(`2103146${overrides.iinSerial ?? '0123'}`);
  const { id: childId } = await core.call('children.create', {
    iin,
    lastName: 'Ұлықбекова',
    firstName: 'Іңкәр',
    patronymic: 'Ғалымқызы',
    birthDate: '2021-03-14',
    sex: 'female',
    citizenship: 'KZ',
    birthCertificateNumber: '0012345',
    birthCertificateDate: '2021-03-20',
    birthCertificateIssuer: 'ХҚКО Астана',
    registeredAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
    actualAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
    groupId,
    referralNumber: 'KZ-2026-004512',
    status: 'enrolled',
  });
  // As the representative's e-signature certificate names her (the NCALayer double's person).
  const representative = {
    surname: 'Ұлықбекова',
    givenName: 'Әйгерім',
    iin: withCheckDigit(`9005124${overrides.iinSerial ?? '0456'}`),
  };
  const { representativeId } = await core.call('representatives.link', {
    childId,
    representative: {
      iin: representative.iin,
      lastName: representative.surname,
      firstName: representative.givenName,
      patronymic: 'Нұрланқызы',
      idDocumentType: 'id_card',
      idDocumentNumber: '049912345',
      idDocumentIssuedOn: '2019-05-01',
      idDocumentIssuer: 'ҚР ІІМ',
      phone: '+7 701 555 12 34',
      email: 'aigerim@example.kz',
      workplace: '«Ақ жол» ЖШС',
      position: 'бухгалтер',
      address: 'Астана қ., Сарыарқа даңғылы 7, 21',
    },
    relation: 'mother',
    authorityDocument: 'Туу туралы куәлік № 0012345',
    isPrimary: true,
  });
  await core.call('consents.record', {
    childId,
    representativeId,
    rulesVersion: '2024-1',
    givenOn: '2026-09-01',
  });
  return { childId, representativeId, groupId, iin, representative };
}
