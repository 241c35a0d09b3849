/**
 * The details a reports export writes into its audit row (ctx.auditDetails: counts, a format,
 * a list's kind and column keys — never a value), in words for the audit screen and the audit
 * PDF. One table for both; node-free and import-free like the rest of the vocabulary.
 */

type Words = { kk: string; ru: string };

/** `name:N` details, as "name: N". */
const COUNTS: Record<string, Words> = {
  rows: { kk: 'жолдар', ru: 'строк' },
  columns: { kk: 'бағандар', ru: 'столбцов' },
  cells: { kk: 'ұяшықтар', ru: 'ячеек' },
  suppressed: { kk: 'жасырылған ұяшықтар', ru: 'скрыто ячеек' },
  primary: { kk: 'бастапқы жасыру', ru: 'первичное скрытие' },
  complementary: { kk: 'қосымша жасыру', ru: 'дополнительное скрытие' },
};

/** `kind:K`: which list was exported. */
const KIND: Words = { kk: 'тізім', ru: 'список' };
const KINDS: Record<string, Words> = {
  children: { kk: 'балалар', ru: 'дети' },
  contacts: { kk: 'байланыстар', ru: 'контакты' },
  birthdays: { kk: 'туған күндер', ru: 'дни рождения' },
  allergies: { kk: 'аллергиялар', ru: 'аллергии' },
};

/** `format:F`: the file's format. */
const FORMAT: Words = { kk: 'пішім', ru: 'формат' };

/** A list column key on its own: the column's header (as reports.list names it). */
export const LIST_COLUMN_WORDS: Record<string, Words> = {
  name: { kk: 'Тегі, аты, әкесінің аты', ru: 'Фамилия, имя, отчество' },
  iin: { kk: 'ЖСН', ru: 'ИИН' },
  birthDate: { kk: 'Туған күні', ru: 'Дата рождения' },
  age: { kk: 'Жасы', ru: 'Возраст' },
  turns: { kk: 'Толатын жасы', ru: 'Исполнится лет' },
  group: { kk: 'Топ', ru: 'Группа' },
  status: { kk: 'Мәртебесі', ru: 'Статус' },
  address: { kk: 'Мекенжайы', ru: 'Адрес' },
  representative: { kk: 'Заңды өкілі', ru: 'Законный представитель' },
  relation: { kk: 'Туыстығы', ru: 'Кем приходится' },
  phone: { kk: 'Телефоны', ru: 'Телефон' },
  email: { kk: 'Эл. поштасы', ru: 'Эл. почта' },
  allergen: { kk: 'Аллерген', ru: 'Аллерген' },
  allergyKind: { kk: 'Аллергия түрі', ru: 'Вид аллергии' },
  reaction: { kk: 'Реакциясы', ru: 'Реакция' },
  healthGroup: { kk: 'Денсаулық тобы', ru: 'Группа здоровья' },
  privileges: { kk: 'Жеңілдіктері', ru: 'Льготы' },
};

const own = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/**
 * One audit detail in words ("rows:3" → "жолдар: 3" / "строк: 3", "name" → the column's
 * header); null for a detail that is not a reports export's (a synced field's name: the caller
 * names it as before). Unknown values of a known name are shown as they are.
 */
export function auditDetailText(detail: string, language: 'kk' | 'ru'): string | null {
  const colon = detail.indexOf(':');
  if (colon < 0) return own(LIST_COLUMN_WORDS, detail)?.[language] ?? null;
  const name = detail.slice(0, colon);
  const value = detail.slice(colon + 1);
  const count = own(COUNTS, name);
  if (count) return `${count[language]}: ${value}`;
  if (name === 'kind') return `${KIND[language]}: ${own(KINDS, value)?.[language] ?? value}`;
  if (name === 'format') return `${FORMAT[language]}: ${value.toUpperCase()}`;
  return null;
}

/** The action names whose audit details are a reports export's (see auditDetailText). */
export const isReportAction = (action: string) => action.startsWith('reports.');
