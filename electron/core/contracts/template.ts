import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Bilingual = z.object({ kk: z.string(), ru: z.string() });
export const ContractTemplate = z.object({
  version: z.string(),
  title: Bilingual,
  sections: z.array(Bilingual).min(1),
  signatures: z.object({
    organisation: z.object({ kk: z.string(), lines: z.array(z.string()) }),
    representative: z.object({ kk: z.string(), lines: z.array(z.string()) }),
  }),
});
export type ContractTemplate = z.infer<typeof ContractTemplate>;

export const CURRENT_TEMPLATE = 'contract-v1';

/** Templates live as data in resources/templates (BALABAQSHA_RESOURCES overrides for builds). */
function templatesFolder(): string {
  const resources =
    process.env.BALABAQSHA_RESOURCES ??
    fileURLToPath(new URL('../../../resources', import.meta.url));
  return join(resources, 'templates');
}

/** Parsed templates per schema, so a file is only ever handed out as what it was checked as. */
const cache = new WeakMap<z.ZodType, Map<string, unknown>>();

/**
 * A template file (`resources/templates/<version>.json`) checked against its schema, read
 * once per process: the contract's and the printed forms' (reports/consent-form.ts) alike.
 */
export function loadTemplateFile<T>(version: string, schema: z.ZodType<T>): T {
  if (!/^[a-z0-9-]+$/.test(version)) throw new Error('bad template version');
  let parsed = cache.get(schema);
  if (!parsed) cache.set(schema, (parsed = new Map()));
  if (!parsed.has(version)) {
    parsed.set(
      version,
      schema.parse(JSON.parse(readFileSync(join(templatesFolder(), `${version}.json`), 'utf8'))),
    );
  }
  return parsed.get(version) as T;
}

export function loadTemplate(version: string): ContractTemplate {
  return loadTemplateFile(version, ContractTemplate);
}

/** Replaces {{field}} with its value; an empty optional value prints as a dash. */
export function fill(text: string, fields: Record<string, string>): string {
  return text.replace(/\{\{([a-zA-Z.]+)\}\}/g, (_, key: string) => fields[key] || '—');
}
