import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../../../db/connection';
import { settings } from '../../../db/schema';

/** The organisation's own, editable parts of the contract (kept in settings). */
export const ContractTerms = z
  .object({
    city: z.string().trim().max(100).default(''),
    address: z.string().trim().max(300).default(''),
    directorName: z.string().trim().max(200).default(''),
    phone: z.string().trim().max(40).default(''),
    bankName: z.string().trim().max(200).default(''),
    iban: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^(KZ\d{2}[0-9A-Z]{16})?$/)
      .default(''),
    bic: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z0-9]{8}|[A-Z0-9]{11})?$/)
      .default(''),
    monthlyFee: z.number().int().min(0).max(10_000_000).default(0),
    paymentDueDay: z.number().int().min(1).max(28).default(10),
    regimeKk: z.string().trim().max(300).default(''),
    regimeRu: z.string().trim().max(300).default(''),
  })
  .strict();
export type ContractTerms = z.infer<typeof ContractTerms>;

const KEY = 'contractTerms';

export function readContractTerms(store: Store): ContractTerms {
  const row = store.db.select().from(settings).where(eq(settings.key, KEY)).get();
  const parsed = ContractTerms.safeParse(row ? JSON.parse(row.value) : {});
  return parsed.success ? parsed.data : ContractTerms.parse({});
}

export function writeContractTerms(store: Store, terms: ContractTerms): void {
  const value = JSON.stringify(terms);
  store.db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}
