import type { TFunction } from 'i18next';
import { formatDate } from '../../lib/dates';
import { parseDecimal } from '../../lib/numbers';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import { ALLERGY_KINDS } from '../../../../electron/core/vocabulary/enums';

export type Health = MethodOutput<'health.get'>;
export type RecordKind = MethodInput<'health.removeRecord'>['kind'];
type NewRecord = MethodInput<'health.addRecord'>['record'];

/** Where health.get lists each kind of record. */
export const COLLECTION = {
  allergy: 'allergies',
  chronic: 'chronicConditions',
  vaccination: 'vaccinations',
  measurement: 'anthropometry',
  examination: 'examinations',
  medicalCard: 'medicalCard',
} as const satisfies Record<RecordKind, keyof Health>;

/** A stored record of one kind, as health.get lists it (and health.addRecord returns it). */
export type StoredRecord<K extends RecordKind = RecordKind> =
  Health[(typeof COLLECTION)[K]][number];

/** One input of a record's form; its label is `child.health.<name>`. */
export interface FieldSpec {
  name: string;
  type?: 'text' | 'date' | 'number' | 'checkbox';
  /** A choice of these values, each labelled `child.health.options.<value>`. */
  options?: readonly string[];
  required?: boolean;
}

export type Cell = string | number | null;

/**
 * One section of the health tab: a kind of record, the table of those stored and the form
 * that adds one.
 */
export interface Section<K extends RecordKind = RecordKind> {
  kind: K;
  /** The section's heading (and its region's name), a translation key. */
  title: string;
  fields: readonly FieldSpec[];
  /** The record to add from the form's values (text trimmed, empty as null). */
  build(values: Record<string, string>): Extract<NewRecord, { kind: K }>;
  /** The cells of a stored record's row. */
  cells(row: StoredRecord<K>, t: TFunction): Cell[];
  /** The day health.get orders this kind by, when it orders it. */
  date?(row: StoredRecord<K>): string;
  /** The growth chart under the table (measurements). */
  growthChart?: boolean;
}

/** Optional text as the core stores it: trimmed, empty as null. */
export const text = (value: string | undefined) => value?.trim() || null;

/** A section of one kind, as the tab handles any section: its rows are of its own kind. */
const section = <K extends RecordKind>(spec: Section<K>): Section => spec as unknown as Section;

const yesNo = (t: TFunction, value: boolean) =>
  value ? t('child.health.yes') : t('child.health.no');

const allergy = section<'allergy'>({
  kind: 'allergy',
  title: 'child.health.allergies',
  fields: [
    { name: 'allergyKind', options: ALLERGY_KINDS },
    { name: 'allergen', required: true },
    { name: 'reaction' },
  ],
  build: (v) => ({
    kind: 'allergy',
    allergyKind: v.allergyKind as 'food',
    allergen: v.allergen!.trim(),
    reaction: text(v.reaction),
  }),
  cells: (a, t) => [t(`child.health.options.${a.kind}`), a.allergen, a.reaction],
});

const chronic = section<'chronic'>({
  kind: 'chronic',
  title: 'child.health.chronic',
  fields: [
    { name: 'condition', required: true },
    { name: 'since', type: 'date' },
    { name: 'dispensaryObservation', type: 'checkbox' },
  ],
  build: (v) => ({
    kind: 'chronic',
    condition: v.condition!.trim(),
    since: v.since || null,
    dispensaryObservation: v.dispensaryObservation === 'yes',
  }),
  cells: (c, t) => [
    c.condition,
    formatDate(c.since),
    `${t('child.health.dispensaryObservation')}: ${yesNo(t, c.dispensaryObservation)}`,
  ],
});

const vaccination = section<'vaccination'>({
  kind: 'vaccination',
  title: 'child.health.vaccinations',
  fields: [
    { name: 'vaccine', required: true },
    { name: 'dose', type: 'number', required: true },
    { name: 'givenOn', type: 'date', required: true },
    { name: 'series' },
    { name: 'reaction' },
  ],
  build: (v) => ({
    kind: 'vaccination',
    vaccine: v.vaccine!.trim(),
    dose: parseDecimal(v.dose),
    givenOn: v.givenOn!,
    series: text(v.series),
    reaction: text(v.reaction),
  }),
  cells: (v, t) => [
    v.vaccine,
    `${t('child.health.dose')} ${v.dose}`,
    formatDate(v.givenOn),
    v.series,
    v.reaction,
  ],
  date: (v) => v.givenOn,
});

const measurement = section<'measurement'>({
  kind: 'measurement',
  title: 'child.health.anthropometry',
  fields: [
    { name: 'measuredOn', type: 'date', required: true },
    { name: 'heightCm', type: 'number', required: true },
    { name: 'weightKg', type: 'number', required: true },
  ],
  build: (v) => ({
    kind: 'measurement',
    measuredOn: v.measuredOn!,
    heightCm: parseDecimal(v.heightCm),
    weightKg: parseDecimal(v.weightKg),
  }),
  cells: (m, t) => [
    formatDate(m.measuredOn),
    `${m.heightCm} ${t('child.health.cm')}`,
    `${m.weightKg} ${t('child.health.kg')}`,
    `${t('child.health.bmi')} ${(m.weightKg / (m.heightCm / 100) ** 2).toFixed(1)}`,
  ],
  date: (m) => m.measuredOn,
  growthChart: true,
});

const examination = section<'examination'>({
  kind: 'examination',
  title: 'child.health.examinations',
  fields: [
    { name: 'examinedOn', type: 'date', required: true },
    { name: 'specialist', required: true },
    { name: 'conclusion', required: true },
  ],
  build: (v) => ({
    kind: 'examination',
    examinedOn: v.examinedOn!,
    specialist: v.specialist!.trim(),
    conclusion: v.conclusion!.trim(),
  }),
  cells: (e) => [formatDate(e.examinedOn), e.specialist, e.conclusion],
  date: (e) => e.examinedOn,
});

const medicalCard = section<'medicalCard'>({
  kind: 'medicalCard',
  title: 'child.health.medicalCard',
  fields: [
    { name: 'date', type: 'date', required: true },
    { name: 'complaint' },
    { name: 'examination' },
    { name: 'diagnosis' },
    { name: 'action' },
  ],
  build: (v) => ({
    kind: 'medicalCard',
    date: v.date!,
    complaint: text(v.complaint),
    examination: text(v.examination),
    diagnosis: text(v.diagnosis),
    action: text(v.action),
  }),
  cells: (m) => [formatDate(m.date), m.complaint, m.examination, m.diagnosis, m.action],
  date: (m) => m.date,
});

/** The health tab's sections, in the order shown. */
export const SECTIONS: readonly Section[] = [
  allergy,
  chronic,
  vaccination,
  measurement,
  examination,
  medicalCard,
];

/** The records of a section's kind that health.get listed. */
export const recordsOf = (health: Health, kind: RecordKind): StoredRecord[] =>
  health[COLLECTION[kind]];

/** Health with a record the core has just stored (returned by health.addRecord), in its place. */
export function withRecord(health: Health, section: Section, stored: StoredRecord): Health {
  const rows = [...recordsOf(health, section.kind), stored];
  const dayOf = (row: StoredRecord) => section.date?.(row) ?? '';
  if (section.date) rows.sort((a, b) => dayOf(a).localeCompare(dayOf(b)));
  return { ...health, [COLLECTION[section.kind]]: rows };
}

/** Health without a record the core has just removed. */
export function withoutRecord(health: Health, kind: RecordKind, recordId: string): Health {
  const rows = recordsOf(health, kind).filter((r) => r.id !== recordId);
  return { ...health, [COLLECTION[kind]]: rows };
}
