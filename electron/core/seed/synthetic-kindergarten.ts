import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Store } from '../../../db/connection';
import {
  allergies,
  anthropometry,
  childPrivileges,
  childRepresentatives,
  children,
  consents,
  groups,
  healthPassports,
  portfolioEntries,
  representatives,
  vaccinations,
  AGE_GROUPS,
  DEVELOPMENT_AREAS,
} from '../../../db/schema';
import { appendAudit } from '../audit/audit-log';
import { readContractTerms, writeContractTerms } from '../contracts/terms';
import { kzIban } from '../kz-id/kz-id';
import { BLOOD_GROUPS, GROUP_LANGUAGES, RH_FACTORS } from '../vocabulary/enums';
import { readOrgSettings, writeOrgSettings, type OrgSettings } from '../settings/org-settings';
import { prepareImport } from '../documents/file-import';
import { storeDocument } from '../documents/store-document';
import {
  KAZAKH,
  RUSSIAN,
  CITIES,
  STREETS,
  kazakhPatronymic,
  kazakhSurname,
  russianPatronymic,
  russianSurname,
} from './names';
import { birthDateBetween, generator, makeIin, pad, type Random } from './random';

/** Age group by birth year in the current school year. */
function ageGroupFor(birthDate: string, today: Date): (typeof AGE_GROUPS)[number] {
  const age = today.getUTCFullYear() - Number(birthDate.slice(0, 4));
  return AGE_GROUPS[Math.min(AGE_GROUPS.length - 1, Math.max(0, age - 2))]!;
}

async function photo(random: Random): Promise<Buffer> {
  const [r, g, b] = [random.int(60, 220), random.int(60, 220), random.int(60, 220)];
  return sharp({ create: { width: 300, height: 400, channels: 3, background: { r, g, b } } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="300" height="400"><circle cx="150" cy="150" r="80" fill="rgb(${255 - r},${g},${b})"/><rect x="70" y="250" width="160" height="150" rx="40" fill="rgb(${r},${255 - g},${b})"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function certificatePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf
    .addPage([595, 842])
    .drawText('Medical certificate (synthetic sample)', { x: 60, y: 760, size: 16, font });
  return Buffer.from(await pdf.save());
}

/** Where a synthetic kindergarten is: the same place in Kazakh and in Russian. */
const PLACES = [
  {
    cityKk: 'Астана қ.',
    cityRu: 'г. Астана',
    streetKk: 'Тұран даңғылы',
    streetRu: 'проспект Туран',
    phone: '+7 7172',
  },
  {
    cityKk: 'Алматы қ.',
    cityRu: 'г. Алматы',
    streetKk: 'Абай даңғылы',
    streetRu: 'проспект Абая',
    phone: '+7 727',
  },
  {
    cityKk: 'Қарағанды қ.',
    cityRu: 'г. Караганда',
    streetKk: 'Бұқар жырау даңғылы',
    streetRu: 'проспект Бухар жырау',
    phone: '+7 7212',
  },
  {
    cityKk: 'Павлодар қ.',
    cityRu: 'г. Павлодар',
    streetKk: 'Кенжекөл көшесі',
    streetRu: 'ул. Кенжекольская',
    phone: '+7 7182',
  },
] as const;

/** Real Kazakh banks: name, BIC and the bank code that opens their accounts' IBANs. */
const BANKS = [
  {
    name: '«Қазақстан Халық Банкі» АҚ / АО «Народный Банк Казахстана»',
    bic: 'HSBKKZKX',
    code: '601',
  },
  { name: '«Kaspi Bank» АҚ / АО', bic: 'CASPKZKA', code: '722' },
  { name: '«Банк ЦентрКредит» АҚ / АО', bic: 'KCJBKZKX', code: '856' },
  { name: '«ForteBank» АҚ / АО', bic: 'IRTYKZKA', code: '965' },
] as const;

/**
 * The organisation's details and contract terms a demo needs to issue contracts: each one
 * still empty is filled (values already entered are kept), with an IBAN whose check digits
 * are valid. One transaction, audited.
 */
function seedOrganisationDetails(store: Store, random: Random, actorId: string, now: string): void {
  const place = random.pick(PLACES);
  const bank = random.pick(BANKS);
  const house = random.int(1, 120);
  const director = `${kazakhSurname(random.pick(KAZAKH.surnamesMale), 'female')} ${random.pick(KAZAKH.girls)} ${kazakhPatronymic(random.pick(KAZAKH.fathers), 'female')}`;
  store.sqlite.transaction(() => {
    const org = readOrgSettings(store);
    const filled: OrgSettings = {
      idleLockMinutes: org.idleLockMinutes,
      allowIdDocumentCopies: org.allowIdDocumentCopies,
      nameRu: org.nameRu || org.nameKk,
      cityKk: org.cityKk || place.cityKk,
      cityRu: org.cityRu || place.cityRu,
      addressKk: org.addressKk || `${place.cityKk}, ${place.streetKk} ${house}`,
      addressRu: org.addressRu || `${place.cityRu}, ${place.streetRu} ${house}`,
      directorName: org.directorName || director,
      phone:
        org.phone ||
        `${place.phone} ${random.int(20, 79)} ${pad(random.int(0, 99))} ${pad(random.int(0, 99))}`,
      bankName: org.bankName || bank.name,
      iban: org.iban || kzIban(bank.code, String(random.int(1, 9_999_999_999)).padStart(13, '0')),
      bic: org.bic || bank.bic,
    };
    writeOrgSettings(store, filled);
    const terms = readContractTerms(store);
    writeContractTerms(store, {
      monthlyFee: terms.monthlyFee || random.pick([25_000, 28_500, 32_000, 36_000]),
      paymentDueDay: terms.paymentDueDay,
      regimeKk: terms.regimeKk || 'дүйсенбі–жұма, 07:30–18:30 (10,5 сағат)',
      regimeRu: terms.regimeRu || 'понедельник–пятница, 07:30–18:30 (10,5 часа)',
    });
    appendAudit(
      store,
      { actorId, action: 'seed.settings', entity: 'settings', entityId: 'org', outcome: 'ok' },
      now,
    );
  })();
}

export interface SeedOptions {
  children: number;
  /** How many of the children get a photo and (every fifth) a scanned certificate. */
  withDocuments: number;
  seed?: number;
  actorId: string;
  dataDir: string;
  today?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A realistic synthetic kindergarten for demos, tests and benchmarks: Kazakh and Russian
 * names, valid IINs consistent with birth dates and sex, groups by age, representatives,
 * privileges, consents, health records, portfolio entries and documents. Written in batches
 * of one transaction each, every batch audited.
 */
export async function seedKindergarten(
  store: Store,
  options: SeedOptions,
): Promise<{ children: number; documents: number }> {
  const random = generator(options.seed ?? 20261124);
  const today = options.today ?? new Date();
  const now = today.toISOString();
  const taken = new Set(
    store.sqlite
      .prepare('SELECT iin FROM children UNION SELECT iin FROM representatives')
      .pluck()
      .all() as string[],
  );

  seedOrganisationDetails(
    store,
    generator((options.seed ?? 20261124) ^ 0x5eed),
    options.actorId,
    now,
  );

  const groupIds = new Map<string, string>();
  store.sqlite.transaction(() => {
    for (const ageGroup of AGE_GROUPS) {
      for (const language of GROUP_LANGUAGES) {
        const id = randomUUID();
        const name = `${{ nursery: 'Бөбек', junior: 'Кіші', middle: 'Ортаңғы', senior: 'Ересек', preschool: 'Мектепалды' }[ageGroup]} ${language === 'kk' ? '«Балапан»' : '«Солнышко»'}`;
        store.db.insert(groups).values({ id, name, ageGroup, language, createdAt: now }).run();
        groupIds.set(`${ageGroup}/${language}`, id);
      }
    }
    appendAudit(
      store,
      {
        actorId: options.actorId,
        action: 'seed.groups',
        entity: 'group',
        entityId: null,
        outcome: 'ok',
      },
      now,
    );
  })();

  const BATCH = 500;
  let documentCount = 0;
  for (let start = 0; start < options.children; start += BATCH) {
    const batch = Math.min(BATCH, options.children - start);
    // Files are prepared before the batch's transaction: image work is async, transactions are not.
    const files = new Map<
      number,
      {
        photo: Awaited<ReturnType<typeof prepareImport>>;
        certificate?: Awaited<ReturnType<typeof prepareImport>>;
      }
    >();
    for (let i = start; i < start + batch && i < options.withDocuments; i++) {
      files.set(i, {
        photo: await prepareImport(await photo(random)),
        ...(i % 5 === 0 ? { certificate: await prepareImport(await certificatePdf()) } : {}),
      });
    }
    store.sqlite.transaction(() => {
      for (let i = start; i < start + batch; i++) {
        const kazakh = random.next() < 0.7;
        const names = kazakh ? KAZAKH : RUSSIAN;
        const sex = random.next() < 0.5 ? 'male' : 'female';
        const fatherName = random.pick(names.fathers);
        const surnameMale = random.pick(names.surnamesMale);
        const birthDate = birthDateBetween(
          random,
          today.getUTCFullYear() - 6,
          today.getUTCFullYear() - 1,
        );
        const iin = makeIin(random, birthDate, sex, taken);
        const address = `${random.pick(CITIES)}, ${random.pick(STREETS)} ${random.int(1, 200)}, ${random.int(1, 150)}`;
        const childId = randomUUID();
        const ageGroup = ageGroupFor(birthDate, today);
        store.db
          .insert(children)
          .values({
            id: childId,
            iin,
            lastName: kazakh ? kazakhSurname(surnameMale, sex) : russianSurname(surnameMale, sex),
            firstName: random.pick(sex === 'male' ? names.boys : names.girls),
            patronymic: kazakh
              ? kazakhPatronymic(fatherName, sex)
              : russianPatronymic(fatherName, sex),
            birthDate,
            sex,
            citizenship: 'KZ',
            birthCertificateNumber: `${random.int(100000, 999999)}`,
            birthCertificateDate: birthDate,
            birthCertificateIssuer: 'ХҚКО / ЦОН',
            registeredAddress: address,
            actualAddress: address,
            status: random.next() < 0.92 ? 'enrolled' : 'referred',
            groupId: groupIds.get(`${ageGroup}/${kazakh ? 'kk' : 'ru'}`)!,
            referralNumber: `KZ-${today.getUTCFullYear()}-${pad(random.int(0, 999999), 6)}`,
            enrolledOn: `${today.getUTCFullYear()}-09-01`,
            createdAt: now,
            updatedAt: now,
          })
          .run();

        const parents =
          random.next() < 0.8 ? (['mother', 'father'] as const) : (['mother'] as const);
        for (const relation of parents) {
          const parentSex = relation === 'mother' ? 'female' : 'male';
          const parentBirth = birthDateBetween(random, 1980, 1999);
          const representativeId = randomUUID();
          store.db
            .insert(representatives)
            .values({
              id: representativeId,
              iin: makeIin(random, parentBirth, parentSex, taken),
              lastName: kazakh
                ? kazakhSurname(surnameMale, parentSex)
                : russianSurname(surnameMale, parentSex),
              firstName: relation === 'father' ? fatherName : random.pick(names.girls),
              patronymic: null,
              idDocumentType: 'id_card',
              idDocumentNumber: String(random.int(10_000_000, 99_999_999)) + '0',
              idDocumentIssuedOn: `20${pad(random.int(15, 24))}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
              idDocumentIssuer: 'ҚР ІІМ / МВД РК',
              phone: `+7 70${random.int(0, 8)} ${random.int(100, 999)} ${pad(random.int(0, 99))} ${pad(random.int(0, 99))}`,
              email: random.next() < 0.5 ? `parent${i}${relation[0]}@example.kz` : null,
              workplace: random.pick([
                '«ҚазМұнайГаз» АҚ',
                'ТОО «Астана Сервис»',
                'Мектеп-гимназия № 12',
                'ИП',
                null,
              ]),
              position: random.pick(['инженер', 'мұғалім', 'бухгалтер', 'менеджер', null]),
              address,
              createdAt: now,
              updatedAt: now,
            })
            .run();
          store.db
            .insert(childRepresentatives)
            .values({
              childId,
              representativeId,
              relation,
              authorityDocument: 'Туу туралы куәлік / Свидетельство о рождении',
              isPrimary: relation === 'mother',
            })
            .run();
          if (relation === 'mother') {
            store.db
              .insert(consents)
              .values({
                id: randomUUID(),
                childId,
                representativeId,
                rulesVersion: '2024-1',
                givenOn: now.slice(0, 10),
                recordedBy: options.actorId,
              })
              .run();
          }
        }
        if (random.next() < 0.1) {
          store.db
            .insert(childPrivileges)
            .values({
              id: randomUUID(),
              childId,
              categoryCode: random.pick([
                'large_family',
                'disabled_parent',
                'teacher_child',
                'military',
              ]),
              documentNumber: `№${random.int(1000, 9999)}`,
              validFrom: now.slice(0, 10),
              validUntil: `${today.getUTCFullYear() + 1}-06-30`,
              confirmation: 'confirmed',
              createdAt: now,
            })
            .run();
        }
        store.db
          .insert(healthPassports)
          .values({
            childId,
            bloodGroup: random.pick(BLOOD_GROUPS),
            rhFactor: random.pick(RH_FACTORS),
            healthGroup: random.pick(['I', 'II', 'III'] as const),
            peGroup: 'main',
            updatedAt: now,
          })
          .run();
        store.db
          .insert(vaccinations)
          .values({
            id: randomUUID(),
            childId,
            vaccine: 'ҚҚП / КПК',
            dose: 1,
            givenOn: `${Number(birthDate.slice(0, 4)) + 1}${birthDate.slice(4)}`,
            series: `S${random.int(1000, 9999)}`,
          })
          .run();
        store.db
          .insert(anthropometry)
          .values({
            id: randomUUID(),
            childId,
            measuredOn: now.slice(0, 10),
            heightCm: random.int(75, 125),
            weightKg: random.int(9, 26),
          })
          .run();
        if (random.next() < 0.15) {
          store.db
            .insert(allergies)
            .values({
              id: randomUUID(),
              childId,
              kind: 'food',
              allergen: random.pick(['Жаңғақ / Орехи', 'Сүт / Молоко', 'Цитрус']),
              reaction: 'бөртпе / сыпь',
            })
            .run();
        }
        if (random.next() < 0.3) {
          store.db
            .insert(portfolioEntries)
            .values({
              id: randomUUID(),
              childId,
              date: now.slice(0, 10),
              area: random.pick(DEVELOPMENT_AREAS),
              title: 'Сурет / Рисунок',
              text: 'Өз бетінше сурет салды. Рисует самостоятельно.',
              createdBy: options.actorId,
              createdAt: now,
            })
            .run();
        }
        const prepared = files.get(i);
        if (prepared) {
          storeDocument(
            store,
            options.dataDir,
            prepared.photo,
            {
              childId,
              type: 'child_photo',
              title: 'Фото',
              createdBy: options.actorId,
              toPortal: false,
            },
            now,
          );
          documentCount++;
          if (prepared.certificate) {
            storeDocument(
              store,
              options.dataDir,
              prepared.certificate,
              {
                childId,
                type: 'absence_reason',
                title: 'Анықтама / Справка',
                createdBy: options.actorId,
                toPortal: false,
              },
              now,
            );
            documentCount++;
          }
        }
      }
      appendAudit(
        store,
        {
          actorId: options.actorId,
          action: 'seed.children',
          entity: 'child',
          entityId: null,
          outcome: 'ok',
        },
        now,
      );
    })();
    options.onProgress?.(start + batch, options.children);
  }
  return { children: options.children, documents: documentCount };
}
