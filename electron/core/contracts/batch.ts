import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, type ContractStatus } from '../../../db/schema';
import type { ReadableStore } from '../../../db/connection';
import { method, type HandlerContext } from '../registry/method';
import { Id } from '../children/fields';
import { AppError } from '../errors/app-error';
import { checkPrinter, PrintChoices } from '../printing/print-choices';
import { ContractStatusNotAllowed, writeContract } from './contract-record';
import { ContractBatchDocument } from './contract-pdf';
import { contractToPrint } from './to-print';
import { refuseIfSignedElectronically } from './e-signature';

/**
 * Batch printing in steps, so the window can show honest progress and a cancel that really
 * stops: `batchStart` checks every contract and opens one PDF, each `batchStep` lays out the
 * next few contracts, `batchPrint` finishes the PDF and sends it as ONE print job, and
 * `batchCancel` (or simply not continuing) drops it before anything reaches a printer.
 * The laid-out batch lives only in memory, one per open store, for the account that started it.
 */

export const ContractBatchNotFound = () => new AppError('contractBatchNotFound');
export const ContractBatchNotReady = () => new AppError('contractBatchNotReady');

/** Time one step may take before it reports back, so progress moves and cancel is prompt. */
const STEP_BUDGET_MS = 250;
/** A batch nobody touched for this long is dropped with everything laid out in it. */
const IDLE_EXPIRY_MS = 15 * 60_000;

interface LaidOut {
  id: string;
  childId: string;
  status: ContractStatus;
  fields: Record<string, string>;
  hash: string;
}

interface Batch {
  id: string;
  accountId: string;
  touchedAt: number;
  contractIds: string[];
  document: ContractBatchDocument;
  laidOut: LaidOut[];
}

/**
 * Keyed by the open store: locking or signing out drops the store, and with it any batch and
 * the personal data laid out in it.
 */
const batches = new WeakMap<ReadableStore, Batch>();

/** The caller's own open batch; anyone else's, an expired or a finished one is "not found". */
function openBatch(ctx: HandlerContext, batchId: string): Batch {
  const store = ctx.store();
  const batch = batches.get(store);
  const now = ctx.services.clock().getTime();
  if (batch && now - batch.touchedAt > IDLE_EXPIRY_MS) batches.delete(store);
  const current = batches.get(store);
  if (!current || current.id !== batchId || current.accountId !== ctx.session?.accountId)
    throw ContractBatchNotFound();
  current.touchedAt = now;
  return current;
}

export function batchMethods() {
  return {
    /**
     * Checks every contract (none signed or terminated, none missing data — the error names
     * the contract and the fields) and opens the batch's PDF. Replaces an earlier open batch.
     */
    'contracts.batchStart': method({
      input: z.object({ contractIds: z.array(Id).min(1).max(500) }).strict(),
      access: 'contracts.write',
      kind: 'read',
      entity: 'contract',
      handler: async (ctx, input) => {
        const store = ctx.store();
        const contractIds = [...new Set(input.contractIds)];
        const numbers = contractIds.map((contractId) => {
          const { contract } = contractToPrint(store, contractId);
          if (contract.status === 'signed' || contract.status === 'terminated')
            throw ContractStatusNotAllowed();
          refuseIfSignedElectronically(store, contractId);
          return contract.number;
        });
        const id = randomUUID();
        batches.set(store, {
          id,
          accountId: ctx.session!.accountId,
          touchedAt: ctx.services.clock().getTime(),
          contractIds,
          document: await ContractBatchDocument.create(contractIds.length),
          laidOut: [],
        });
        return { batchId: id, total: contractIds.length, numbers };
      },
    }),

    /** Lays out the next contracts (about a quarter of a second's worth); reports progress. */
    'contracts.batchStep': method({
      input: z.object({ batchId: Id }).strict(),
      access: 'contracts.write',
      kind: 'read',
      entity: 'contract',
      handler: (ctx, { batchId }) => {
        const batch = openBatch(ctx, batchId);
        const store = ctx.store();
        const started = Date.now();
        while (
          batch.laidOut.length < batch.contractIds.length &&
          (batch.laidOut.length === 0 || Date.now() - started < STEP_BUDGET_MS)
        ) {
          const { contract, fields, hash, toRender } = contractToPrint(
            store,
            batch.contractIds[batch.laidOut.length]!,
          );
          batch.document.add(toRender);
          batch.laidOut.push({
            id: contract.id,
            childId: contract.childId,
            status: contract.status,
            fields,
            hash,
          });
          if (Date.now() - started >= STEP_BUDGET_MS) break;
        }
        return { done: batch.laidOut.length, total: batch.contractIds.length };
      },
    }),

    /** Drops the batch: nothing of it is printed. */
    'contracts.batchCancel': method({
      input: z.object({ batchId: Id }).strict(),
      access: 'contracts.write',
      kind: 'read',
      entity: 'contract',
      handler: (ctx, { batchId }) => {
        const store = ctx.store();
        const batch = batches.get(store);
        const cancelled = batch?.id === batchId && batch.accountId === ctx.session?.accountId;
        if (cancelled) batches.delete(store);
        return { cancelled };
      },
    }),

    /**
     * Finishes the laid-out batch and sends it as one print job; then every contract in it is
     * recorded as printed with the content it was printed with. A failed job keeps the batch,
     * so it can go to another printer.
     */
    'contracts.batchPrint': method({
      input: z.object({ batchId: Id, ...PrintChoices }).strict(),
      access: 'contracts.write',
      kind: 'write',
      entity: 'contract',
      syncs: 'contract',
      handler: async (ctx, { batchId, printer, copies, duplex }) => {
        const batch = openBatch(ctx, batchId);
        if (batch.laidOut.length < batch.contractIds.length) throw ContractBatchNotReady();
        await checkPrinter(ctx.services, printer);
        // A failed job keeps the laid-out batch, so it can go to another printer, perhaps
        // with another duplex choice: the file is finished for this job's choice.
        const pdf = await batch.document.finish({ duplex });
        const { jobId } = await ctx.services.printBackend.print(pdf, {
          printer,
          copies,
          duplex,
          jobTitle: `Contracts x${batch.laidOut.length}`,
        });
        batches.delete(ctx.store());
        const printedAt = ctx.now();
        for (const contract of batch.laidOut) {
          ctx.transact(contract.childId, (tx) => {
            // The portal learns of a batch-printed contract as of one printed alone.
            writeContract(tx, contract.id, {
              // The status as it is now, not as it was laid out: a contract signed or
              // terminated while the batch was printing keeps that newer status.
              status: sql`CASE WHEN ${contracts.status} = 'draft' THEN 'printed' ELSE ${contracts.status} END`,
              content: JSON.stringify(contract.fields),
              contentHash: contract.hash,
              printedAt,
            });
          });
        }
        return { jobId, printed: batch.laidOut.length };
      },
    }),
  };
}
