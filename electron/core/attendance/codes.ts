import { z } from 'zod';
import { TextLine } from '../text/human-text';
import { ABSENCE_REASONS, type AbsenceReason } from '../vocabulary/enums';
import {
  reasonForKey as reasonOfKey,
  reasonLetters as lettersOf,
} from '../vocabulary/register-keys';

/**
 * Absence reasons and the timesheet's day codes. The official timesheet form and its codes
 * were not found in public sources (DOMAIN.md), so the codes, their words and which reasons
 * are valid are data — a template with a sensible default the director may change — and only
 * the list of reasons is code. Node-free: the register screen imports it for its letters.
 */

/** The list of reasons lives in the vocabulary (the db schema and the sync protocol use it). */
export { ABSENCE_REASONS, type AbsenceReason };

export type Language = 'kk' | 'ru';
const LANGUAGES = ['kk', 'ru'] as const satisfies readonly Language[];

/** The reasons that must carry a note. */
export const REASONS_NEEDING_NOTE: readonly AbsenceReason[] = ['other'];

const code = TextLine(3, 1).regex(/^\S+$/, 'oneWord');
const words = z.object({ kk: TextLine(80, 1), ru: TextLine(80, 1) });

const reasonEntry = z.object({
  code: z.object({ kk: code, ru: code }),
  name: words,
  /**
   * A valid reason: the child keeps the place and the day is not charged (Model Rules, historic
   * p.12). `unexcused` is never valid, whatever the template says.
   */
  valid: z.boolean(),
});

export const dayCodeTemplate = z
  .object({
    present: z.object({ code: z.object({ kk: code, ru: code }), name: words }),
    reasons: z.object(
      Object.fromEntries(ABSENCE_REASONS.map((reason) => [reason, reasonEntry])) as Record<
        AbsenceReason,
        typeof reasonEntry
      >,
    ),
  })
  .superRefine((template, ctx) => {
    // A code must name one thing per language, or the printed timesheet is ambiguous.
    for (const language of LANGUAGES) {
      const seen = new Map<string, string>([[template.present.code[language], 'present']]);
      for (const reason of ABSENCE_REASONS) {
        const value = template.reasons[reason].code[language].toLocaleUpperCase(language);
        if ([...seen.keys()].some((c) => c.toLocaleUpperCase(language) === value))
          ctx.addIssue({
            code: 'custom',
            path: ['reasons', reason, 'code', language],
            message: 'duplicateCode',
          });
        seen.set(value, reason);
      }
    }
    if (template.reasons.unexcused.valid)
      ctx.addIssue({
        code: 'custom',
        path: ['reasons', 'unexcused', 'valid'],
        message: 'neverValid',
      });
  });
export type DayCodeTemplate = z.infer<typeof dayCodeTemplate>;

/**
 * The default codes. Present is "+" in both languages. Each absence code is the first letter
 * of its word: Kazakh А(уру), С(анаторий), Д(емалыс), Ж(азғы сауықтыру), К(арантин),
 * Н(егізсіз), Б(асқа); Russian Б(олезнь), С(анаторий), О(тпуск), Л(етний оздоровительный),
 * К(арантин), Н(еуважительная), П(рочее). "Other" is not valid by default: a note is not a
 * supporting document, and the director may make it valid in the template.
 */
export const DEFAULT_DAY_CODES: DayCodeTemplate = {
  present: { code: { kk: '+', ru: '+' }, name: { kk: 'Келді', ru: 'Присутствовал' } },
  reasons: {
    illness: {
      code: { kk: 'А', ru: 'Б' },
      name: { kk: 'Ауру', ru: 'Болезнь' },
      valid: true,
    },
    sanatorium: {
      code: { kk: 'С', ru: 'С' },
      name: { kk: 'Санаторийде емделу, оңалту', ru: 'Санаторное лечение, реабилитация' },
      valid: true,
    },
    parentLeave: {
      code: { kk: 'Д', ru: 'О' },
      name: { kk: 'Ата-ананың жыл сайынғы демалысы', ru: 'Ежегодный отпуск родителя' },
      valid: true,
    },
    summerHealth: {
      code: { kk: 'Ж', ru: 'Л' },
      name: { kk: 'Жазғы сауықтыру кезеңі', ru: 'Летний оздоровительный период' },
      valid: true,
    },
    quarantine: {
      code: { kk: 'К', ru: 'К' },
      name: { kk: 'Карантин, топтың жабылуы', ru: 'Карантин, закрытие группы' },
      valid: true,
    },
    unexcused: {
      code: { kk: 'Н', ru: 'Н' },
      name: { kk: 'Дәлелді себепсіз', ru: 'Без уважительной причины' },
      valid: false,
    },
    other: {
      code: { kk: 'Б', ru: 'П' },
      name: { kk: 'Басқа себеп', ru: 'Прочие причины' },
      valid: false,
    },
  },
};

/** Whether an absence for this reason is valid (not charged, place kept) under a template. */
export function isValidReason(
  reason: AbsenceReason,
  template: DayCodeTemplate = DEFAULT_DAY_CODES,
): boolean {
  return reason !== 'unexcused' && template.reasons[reason].valid;
}

/** The day code printed for a mark. */
export function dayCode(
  mark: { status: 'present' } | { status: 'absent'; reason: AbsenceReason },
  language: Language,
  template: DayCodeTemplate = DEFAULT_DAY_CODES,
): string {
  return mark.status === 'present'
    ? template.present.code[language]
    : template.reasons[mark.reason].code[language];
}

export interface LegendEntry {
  code: string;
  name: string;
  /** undefined for "present". */
  reason?: AbsenceReason;
  valid?: boolean;
}

/** The legend under a timesheet: present first, then every reason in the list's order. */
export function legend(
  language: Language,
  template: DayCodeTemplate = DEFAULT_DAY_CODES,
): LegendEntry[] {
  return [
    { code: template.present.code[language], name: template.present.name[language] },
    ...ABSENCE_REASONS.map((reason) => ({
      code: template.reasons[reason].code[language],
      name: template.reasons[reason].name[language],
      reason,
      valid: isValidReason(reason, template),
    })),
  ];
}

/**
 * The register's keyboard (vocabulary/register-keys.ts, which the register screen imports):
 * a letter picks a reason, the first letter of its code in the interface language, with a
 * fallback to the key's position on a Latin layout. Here with the default template.
 */
export function reasonLetters(
  language: Language,
  template: DayCodeTemplate = DEFAULT_DAY_CODES,
): Map<string, AbsenceReason> {
  return lettersOf(language, template);
}

/** The reason a key press picks in the register, or undefined (vocabulary/register-keys.ts). */
export function reasonForKey(
  key: string,
  code: string | undefined,
  language: Language,
  template: DayCodeTemplate = DEFAULT_DAY_CODES,
): AbsenceReason | undefined {
  return reasonOfKey(key, code, language, template);
}
