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

const cache = new Map<string, ContractTemplate>();

export function loadTemplate(version: string): ContractTemplate {
  if (!/^[a-z0-9-]+$/.test(version)) throw new Error('bad template version');
  let template = cache.get(version);
  if (!template) {
    template = ContractTemplate.parse(
      JSON.parse(readFileSync(join(templatesFolder(), `${version}.json`), 'utf8')),
    );
    cache.set(version, template);
  }
  return template;
}

/** Replaces {{field}} with its value; an empty optional value prints as a dash. */
export function fill(text: string, fields: Record<string, string>): string {
  return text.replace(/\{\{([a-zA-Z.]+)\}\}/g, (_, key: string) => fields[key] || '—');
}
