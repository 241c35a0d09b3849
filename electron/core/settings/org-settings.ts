import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ReadableStore, Store } from '../../../db/connection';
import { organisation, settings } from '../../../db/schema';
import { isValidKzIban } from '../kz-id/kz-id';
import { TextLine } from '../text/human-text';

const Text = (max: number) => TextLine(max).default('');

/**
 * The organisation's details every contract prints, in both languages where the words differ
 * (the Kazakh name is the one given at set-up, kept in the organisation table with the BIN).
 * Empty until filled in; a contract lists what is still empty.
 */
export const OrgDetails = {
  nameRu: Text(300),
  addressKk: Text(300),
  addressRu: Text(300),
  cityKk: Text(100),
  cityRu: Text(100),
  directorName: Text(200),
  phone: Text(40),
  bankName: Text(200),
  /** The organisation's account (ЖСК / ИИК): a Kazakh IBAN with valid check digits. */
  iban: z
    .string()
    .trim()
    .toUpperCase()
    .overwrite((value) => value.replace(/\s+/g, ''))
    .refine((value) => value === '' || isValidKzIban(value), 'invalidIban')
    .default(''),
  /** The bank's code (БСК / БИК), 8 or 11 characters. */
  bic: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?)?$/, 'invalidBic')
    .default(''),
};

export const OrgSettings = z.object({
  /** Minutes without activity before the app locks itself; 0 = never. */
  idleLockMinutes: z.number().int().min(0).max(240).default(10),
  /** The director may forbid storing copies of identity documents (law 44-VIII). */
  allowIdDocumentCopies: z.boolean().default(true),
  ...OrgDetails,
});
export type OrgSettings = z.infer<typeof OrgSettings>;

/** The organisation's name as given at set-up (Kazakh), editable in the settings. */
export const OrgName = TextLine(300, 2);

/** What `settings.get` returns and `settings.update` accepts (the BIN is read-only). */
export const OrgSettingsView = OrgSettings.extend({ nameKk: OrgName });
export type OrgSettingsView = z.infer<typeof OrgSettingsView> & { bin: string };

const KEY = 'org';

/**
 * Stored JSON read field by field: a value that no longer passes its schema (e.g. an IBAN
 * saved before check digits were checked) falls back to its default alone, never the rest.
 */
export function parseStored<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  stored: string | undefined,
): z.infer<z.ZodObject<Shape>> {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = stored ? JSON.parse(stored) : {};
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // unreadable: every field takes its default
  }
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const result = field.safeParse(raw[key]);
    value[key] = result.success ? result.data : field.parse(undefined);
  }
  return value as z.infer<z.ZodObject<Shape>>;
}

export function readOrgSettings(store: ReadableStore): OrgSettingsView {
  const row = store.db.select().from(settings).where(eq(settings.key, KEY)).get();
  const org = store.db.select().from(organisation).get();
  return {
    ...parseStored(OrgSettings, row?.value),
    nameKk: org?.name ?? '',
    bin: org?.bin ?? '',
  };
}

/** Writes the settings; `nameKk`, when given, renames the organisation. */
export function writeOrgSettings(
  store: Store,
  value: OrgSettings & { nameKk?: string; bin?: string },
): void {
  const { nameKk, ...stored } = value;
  if (nameKk !== undefined) store.db.update(organisation).set({ name: nameKk }).run();
  // Parsing drops what is not a setting (the BIN stays in the organisation table).
  const json = JSON.stringify(OrgSettings.parse(stored));
  store.db
    .insert(settings)
    .values({ key: KEY, value: json })
    .onConflictDoUpdate({ target: settings.key, set: { value: json } })
    .run();
}
