import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../../../db/connection';
import { settings } from '../../../db/schema';

export const OrgSettings = z.object({
  /** Minutes without activity before the app locks itself; 0 = never. */
  idleLockMinutes: z.number().int().min(0).max(240).default(10),
  /** The director may forbid storing copies of identity documents (law 44-VIII). */
  allowIdDocumentCopies: z.boolean().default(true),
});
export type OrgSettings = z.infer<typeof OrgSettings>;

const KEY = 'org';

export function readOrgSettings(store: Store): OrgSettings {
  const row = store.db.select().from(settings).where(eq(settings.key, KEY)).get();
  const parsed = OrgSettings.safeParse(row ? JSON.parse(row.value) : {});
  return parsed.success ? parsed.data : OrgSettings.parse({});
}

export function writeOrgSettings(store: Store, value: OrgSettings): void {
  const json = JSON.stringify(value);
  store.db
    .insert(settings)
    .values({ key: KEY, value: json })
    .onConflictDoUpdate({ target: settings.key, set: { value: json } })
    .run();
}
