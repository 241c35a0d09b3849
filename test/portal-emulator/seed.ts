/**
 * Seeds the emulator with portal-side data for one organisation: referrals with their
 * children, 1–2 representatives each, some privileges, and rules-change notices. Synthetic
 * Kazakh and Russian names (electron/core/seed/names.ts); IINs are valid and agree with the
 * birth date and sex (electron/core/kz-id).
 */
import { randomUUID } from 'node:crypto';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import {
  KAZAKH,
  RUSSIAN,
  CITIES,
  STREETS,
  kazakhPatronymic,
  kazakhSurname,
  russianPatronymic,
  russianSurname,
} from '../../electron/core/seed/names';
import type {
  ChildData,
  NoticeData,
  PrivilegeData,
  ReferralData,
  RepresentativeData,
} from '../../electron/core/sync/protocol';
import type { PortalStore } from './store';
import { birthDateBetween, generator, makeIin, pad } from '../../electron/core/seed/random';

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function ageGroupFor(birthDate: string, today: Date): ReferralData['ageGroup'] {
  const age = today.getUTCFullYear() - Number(birthDate.slice(0, 4));
  if (age <= 1) return 'nursery';
  if (age === 2) return 'junior';
  if (age === 3) return 'middle';
  if (age === 4) return 'senior';
  return 'preschool';
}

const PRIVILEGE_CODES = ['military', 'disabled_parent', 'orphan', 'large_family', 'teacher_child'];

export const NOTICES: NoticeData[] = [
  {
    publishedOn: '2026-09-01',
    rulesVersion: '2026-09',
    title: {
      kk: 'Мектепке дейінгі ұйымдарға жолдама беру қағидаларына өзгерістер',
      ru: 'Изменения в правилах выдачи направлений в дошкольные организации',
    },
    body: {
      kk: 'Жолдаманың қолданылу мерзімі 5 жұмыс күнінен 10 жұмыс күніне дейін ұзартылды. Мерзімінде қабылданбаған жолдама автоматты түрде жойылады.',
      ru: 'Срок действия направления продлён с 5 до 10 рабочих дней. Направление, не принятое в срок, аннулируется автоматически.',
    },
  },
  {
    publishedOn: '2026-10-15',
    rulesVersion: '2026-10',
    title: {
      kk: 'Баланың жеке ісін жүргізу тәртібі жаңартылды',
      ru: 'Обновлён порядок ведения личного дела ребёнка',
    },
    body: {
      kk: 'Денсаулық паспорты мен егу картасы енді жеке іске электрондық түрде тіркеледі. Ата-аналардың келісімі жыл сайын жаңартылуы тиіс.',
      ru: 'Паспорт здоровья и прививочная карта теперь прикрепляются к личному делу в электронном виде. Согласия родителей необходимо обновлять ежегодно.',
    },
  },
];

export interface SeedCounts {
  referrals: number;
  children: number;
  representatives: number;
  privileges: number;
  notices: number;
}

/** Creates the organisation if new (with the notices) and seeds `referrals` new referrals. */
export function seedOrganization(
  store: PortalStore,
  bin: string,
  referrals: number,
  seed = Number.parseInt(bin.slice(-6), 10) || 1,
): SeedCounts {
  const counts: SeedCounts = {
    referrals: 0,
    children: 0,
    representatives: 0,
    privileges: 0,
    notices: 0,
  };
  const today = new Date();
  store.db.transaction(() => {
    if (store.ensureOrganization(bin)) {
      for (const notice of NOTICES) {
        store.insertPortal(bin, 'notice', randomUUID(), notice);
        counts.notices++;
      }
    }
    const existing = store.counts(bin).referral ?? 0;
    const random = generator(seed + existing * 7919);
    const taken = new Set<string>(
      store.db
        .prepare<[string], { iin: string }>(
          "SELECT json_extract(data, '$.iin') AS iin FROM entities WHERE bin = ? AND entity IN ('child', 'representative')",
        )
        .all(bin)
        .map((r) => r.iin),
    );
    for (let i = 0; i < referrals; i++) {
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
      const address = `${random.pick(CITIES)}, ${random.pick(STREETS)} ${random.int(1, 200)}, ${random.int(1, 150)}`;
      const childId = randomUUID();
      const child: ChildData = {
        iin: makeIin(random, birthDate, sex, taken),
        lastName: kazakh ? kazakhSurname(surnameMale, sex) : russianSurname(surnameMale, sex),
        firstName: random.pick(sex === 'male' ? names.boys : names.girls),
        patronymic: kazakh ? kazakhPatronymic(fatherName, sex) : russianPatronymic(fatherName, sex),
        birthDate,
        sex,
        citizenship: 'KZ',
        registeredAddress: address,
        status: 'referred',
        groupName: null,
        actualAddress: null,
        enrolledOn: null,
        leftOn: null,
      };
      store.insertPortal(bin, 'child', childId, child);
      counts.children++;

      const issued = new Date(today.getTime() - random.int(0, 4) * 86_400_000);
      const referral: ReferralData = {
        number: `KZ-${today.getUTCFullYear()}-P${pad(existing + i + 1, 6)}`,
        issuedOn: issued.toISOString().slice(0, 10),
        validUntil: addDays(issued, 14),
        ageGroup: ageGroupFor(birthDate, today),
        status: 'issued',
        childId,
        organizationBin: bin,
      };
      store.insertPortal(bin, 'referral', randomUUID(), referral);
      counts.referrals++;

      const parents = random.next() < 0.6 ? (['mother', 'father'] as const) : (['mother'] as const);
      for (const relation of parents) {
        const parentSex = relation === 'mother' ? 'female' : 'male';
        const parentBirth = birthDateBetween(random, 1982, 2000);
        const rep: RepresentativeData = {
          childId,
          relation,
          iin: makeIin(random, parentBirth, parentSex, taken),
          lastName: kazakh
            ? kazakhSurname(surnameMale, parentSex)
            : russianSurname(surnameMale, parentSex),
          firstName: relation === 'father' ? fatherName : random.pick(names.girls),
          patronymic: null,
          phone: `+7 70${random.int(0, 8)} ${random.int(100, 999)} ${pad(random.int(0, 99))} ${pad(random.int(0, 99))}`,
          email: random.next() < 0.4 ? `parent${existing + i}${relation[0]}@example.kz` : null,
        };
        store.insertPortal(bin, 'representative', randomUUID(), rep);
        counts.representatives++;
      }

      if (random.next() < 0.15) {
        const privilege: PrivilegeData = {
          childId,
          categoryCode: random.pick(PRIVILEGE_CODES),
          validUntil: random.next() < 0.5 ? addDays(today, 365) : null,
          verified: random.next() < 0.7,
        };
        store.insertPortal(bin, 'privilege', randomUUID(), privilege);
        counts.privileges++;
      }
    }
  })();
  return counts;
}

/** A valid resident-legal-entity BIN (registered 2015-04) with the given 6-digit serial. */
export function makeBin(serial: number): string {
  for (let s = serial; ; s++) {
    const first11 = `15044${pad(s % 1_000_000, 6)}`;
    const digit = checkDigit([...first11].map(Number));
    if (digit !== null) return `${first11}${digit}`;
  }
}
