import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ReadableStore, Store } from '../../../db/connection';
import { settings } from '../../../db/schema';
import { parseStored } from '../settings/org-settings';
import { TextLine } from '../text/human-text';

/**
 * What the organisation offers under its contracts (kept in settings): the fee, its due day
 * and the daily regime. Who the organisation is (names, addresses, director, bank details)
 * lives in the organisation's settings (settings/org-settings.ts).
 */
export const ContractTerms = z
  .object({
    monthlyFee: z.number().int().min(0).max(10_000_000).default(0),
    paymentDueDay: z.number().int().min(1).max(28).default(10),
    regimeKk: TextLine(300).default(''),
    regimeRu: TextLine(300).default(''),
  })
  .strict();
export type ContractTerms = z.infer<typeof ContractTerms>;

const KEY = 'contractTerms';

export function readContractTerms(store: ReadableStore): ContractTerms {
  const row = store.db.select().from(settings).where(eq(settings.key, KEY)).get();
  return parseStored(ContractTerms, row?.value);
}

export function writeContractTerms(store: Store, terms: ContractTerms): void {
  const value = JSON.stringify(terms);
  store.db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}
