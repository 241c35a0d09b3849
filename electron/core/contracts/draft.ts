import { randomUUID } from 'node:crypto';
import { eq, max } from 'drizzle-orm';
import type { z } from 'zod';
import { contracts } from '../../../db/schema';
import { insertContract } from './contract-record';
import type { Store } from '../../../db/connection';
import { CURRENT_TEMPLATE } from './template';

/** The next number of the year, taken inside the creating transaction: no gaps, no repeats. */
function nextNumber(store: Store, year: number): { sequence: number; number: string } {
  const last =
    store.db
      .select({ last: max(contracts.sequence) })
      .from(contracts)
      .where(eq(contracts.year, year))
      .get()?.last ?? 0;
  const sequence = last + 1;
  return { sequence, number: `${year}-${String(sequence).padStart(4, '0')}` };
}

/** Refuses a term that ends before it starts (named on `termUntil`). */
export function termInOrder<T extends z.ZodType<{ termFrom: string; termUntil: string }>>(
  schema: T,
): T {
  return schema.refine((c) => c.termFrom <= c.termUntil, {
    path: ['termUntil'],
    message: 'termUntilBeforeFrom',
  });
}

/**
 * Stores a draft under the next number of its date's year, with the current template; called
 * inside the creating transaction (a draft not kept is taken back by `discardDraft`).
 */
export function insertDraftContract(
  store: Store,
  draft: {
    date: string;
    childId: string;
    representativeId: string;
    termFrom: string;
    termUntil: string;
    payerIban: string | null;
    payerBank: string | null;
    createdBy: string;
    createdAt: string;
  },
): { id: string; number: string } {
  const id = randomUUID();
  const year = Number(draft.date.slice(0, 4));
  const next = nextNumber(store, year);
  insertContract(store, {
    id,
    year,
    ...next,
    ...draft,
    templateVersion: CURRENT_TEMPLATE,
    status: 'draft',
  });
  return { id, number: next.number };
}
