import type { AgeGroup, GroupLanguage, PRIVILEGE_KINDS } from '../vocabulary/enums';
import { REPORT_WORDS } from '../children/report-words';

/**
 * The anonymised statistics' words in Kazakh and Russian: table and dimension names and every
 * category, as the app's screens say them (renderer/src/i18n `children.ageGroups`,
 * `children.languages`; the statuses are the personal-data report's). A category is always
 * words, never a bare number ("3 жас / 3 года"), so a reader cannot take it for a count.
 */

export interface Words {
  kk: string;
  ru: string;
}

type PrivilegeKind = (typeof PRIVILEGE_KINDS)[number];

export const AGE_GROUP_WORDS: Record<AgeGroup, Words> = {
  nursery: { kk: 'Бөбектер тобы', ru: 'Ясельная группа' },
  junior: { kk: 'Кіші топ', ru: 'Младшая группа' },
  middle: { kk: 'Ортаңғы топ', ru: 'Средняя группа' },
  senior: { kk: 'Ересек топ', ru: 'Старшая группа' },
  preschool: { kk: 'Мектепке даярлық тобы', ru: 'Предшкольная группа' },
};

export const LANGUAGE_WORDS: Record<GroupLanguage, Words> = {
  kk: { kk: 'Қазақ тілі', ru: 'Казахский язык' },
  ru: { kk: 'Орыс тілі', ru: 'Русский язык' },
};

export const PRIVILEGE_KIND_WORDS: Record<PrivilegeKind, Words> = {
  extraordinary: { kk: 'Кезектен тыс құқық', ru: 'Внеочередное право' },
  first_priority: { kk: 'Бірінші кезектегі құқық', ru: 'Первоочередное право' },
};

export const statusWords = (status: keyof (typeof REPORT_WORDS)['kk']['statuses']): Words => ({
  kk: REPORT_WORDS.kk.statuses[status],
  ru: REPORT_WORDS.ru.statuses[status],
});

/** Russian: 1 год, 2–4 года, 5–20 лет, 21 год … */
function russianYears(years: number): string {
  const tens = years % 100;
  const last = years % 10;
  if (tens >= 11 && tens <= 14) return `${years} лет`;
  if (last === 1) return `${years} год`;
  if (last >= 2 && last <= 4) return `${years} года`;
  return `${years} лет`;
}

/** The youngest and oldest age categories; ages between are one category a year. */
export const AGE_YEARS = { under: 1, from: 7 } as const;

/** An age category's words: "1 жасқа дейін", "3 жас", "7 жас және одан үлкен". */
export function ageWords(years: number): Words {
  if (years < AGE_YEARS.under) return { kk: '1 жасқа дейін', ru: 'до 1 года' };
  if (years >= AGE_YEARS.from) {
    return { kk: `${AGE_YEARS.from} жас және одан үлкен`, ru: `${AGE_YEARS.from} лет и старше` };
  }
  return { kk: `${years} жас`, ru: russianYears(years) };
}

/** A group's name as a category: a name of digits only gets words around it. */
export function groupWords(name: string): Words {
  return /^\d+$/.test(name.trim())
    ? { kk: `№ ${name.trim()} топ`, ru: `Группа № ${name.trim()}` }
    : { kk: name, ru: name };
}

export const STATS_WORDS = {
  total: { kk: 'Барлығы', ru: 'Всего' },
  noPrivilege: { kk: 'Жеңілдігі жоқ', ru: 'Без льгот' },
  severalCategories: { kk: 'Бірнеше санат', ru: 'Несколько категорий' },
  tables: {
    groups: { kk: 'Балалар топтар бойынша', ru: 'Дети по группам' },
    ageLanguage: {
      kk: 'Балалар жас тобы мен тәрбие тілі бойынша',
      ru: 'Дети по возрастным группам и языку воспитания',
    },
    statuses: { kk: 'Балалар мәртебесі бойынша', ru: 'Дети по статусу' },
    ages: { kk: 'Балалар жасы бойынша', ru: 'Дети по возрасту' },
    privilegeKinds: { kk: 'Балалар жеңілдік түрі бойынша', ru: 'Дети по виду льготы' },
    privilegeCategories: {
      kk: 'Балалар жеңілдік санаты бойынша',
      ru: 'Дети по категориям льгот',
    },
  },
  dimensions: {
    group: { kk: 'Топ', ru: 'Группа' },
    ageGroup: { kk: 'Жас тобы', ru: 'Возрастная группа' },
    language: { kk: 'Тәрбие тілі', ru: 'Язык воспитания' },
    status: { kk: 'Мәртебесі', ru: 'Статус' },
    age: { kk: 'Жасы', ru: 'Возраст' },
    privilegeKind: { kk: 'Жеңілдік түрі', ru: 'Вид льготы' },
    privilegeCategory: { kk: 'Жеңілдік санаты', ru: 'Категория льготы' },
  },
} as const;
