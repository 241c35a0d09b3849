import { sqliteTable, text, integer, real, index } from 'drizzle-orm/sqlite-core';
import { children } from './children';
import { staffAccounts } from './staff';
import {
  ALLERGY_KINDS,
  BLOOD_GROUPS,
  HEALTH_GROUPS,
  PE_GROUPS,
  RH_FACTORS,
} from '../../electron/core/vocabulary/enums';

/**
 * Health passport and medical card (rules 25-14): limited-access medical data, kept by the
 * nurse. Only the nurse and the director may read or write it; every read is audited.
 */
export const healthPassports = sqliteTable('health_passports', {
  childId: text('child_id')
    .primaryKey()
    .references(() => children.id),
  bloodGroup: text('blood_group', { enum: BLOOD_GROUPS }),
  rhFactor: text('rh_factor', { enum: RH_FACTORS }),
  healthGroup: text('health_group', { enum: HEALTH_GROUPS }),
  peGroup: text('pe_group', { enum: PE_GROUPS }),
  disability: text('disability'),
  updatedAt: text('updated_at').notNull(),
});

const perChild = (table: string) => index(`${table}_child`);

export const allergies = sqliteTable(
  'health_allergies',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    kind: text('kind', { enum: ALLERGY_KINDS }).notNull(),
    allergen: text('allergen').notNull(),
    reaction: text('reaction'),
  },
  (t) => [perChild('health_allergies').on(t.childId)],
);

export const chronicConditions = sqliteTable(
  'health_chronic_conditions',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    condition: text('condition').notNull(),
    since: text('since'),
    dispensaryObservation: integer('dispensary_observation', { mode: 'boolean' })
      .notNull()
      .default(false),
  },
  (t) => [perChild('health_chronic_conditions').on(t.childId)],
);

export const vaccinations = sqliteTable(
  'health_vaccinations',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    vaccine: text('vaccine').notNull(),
    dose: integer('dose').notNull(),
    givenOn: text('given_on').notNull(),
    series: text('series'),
    reaction: text('reaction'),
  },
  (t) => [perChild('health_vaccinations').on(t.childId)],
);

export const anthropometry = sqliteTable(
  'health_anthropometry',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    measuredOn: text('measured_on').notNull(),
    heightCm: real('height_cm').notNull(),
    weightKg: real('weight_kg').notNull(),
  },
  (t) => [perChild('health_anthropometry').on(t.childId)],
);

export const examinations = sqliteTable(
  'health_examinations',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    examinedOn: text('examined_on').notNull(),
    specialist: text('specialist').notNull(),
    conclusion: text('conclusion').notNull(),
  },
  (t) => [perChild('health_examinations').on(t.childId)],
);

export const medicalCardEntries = sqliteTable(
  'medical_card_entries',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    date: text('date').notNull(),
    complaint: text('complaint'),
    examination: text('examination'),
    diagnosis: text('diagnosis'),
    action: text('action'),
    recordedBy: text('recorded_by').references(() => staffAccounts.id),
  },
  (t) => [perChild('medical_card_entries').on(t.childId)],
);
