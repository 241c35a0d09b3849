/**
 * Month names, January first, in the interface languages: one list for the core's PDFs and the
 * renderer's dates. Node-free and import-free like the rest of the vocabulary.
 */

/** A month on its own, as a period is named ("қыркүйек 2026", "сентябрь 2026"). */
export const MONTH_NAMES = {
  kk: [
    'қаңтар',
    'ақпан',
    'наурыз',
    'сәуір',
    'мамыр',
    'маусым',
    'шілде',
    'тамыз',
    'қыркүйек',
    'қазан',
    'қараша',
    'желтоқсан',
  ],
  ru: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
} as const;

/** The month of a day ("2 қыркүйек", "2 сентября"): Russian puts it in the genitive. */
export const MONTH_NAMES_OF_DAY = {
  kk: MONTH_NAMES.kk,
  ru: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
} as const;
