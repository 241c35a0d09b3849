import { and, asc, desc, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import { z } from 'zod';
import { childRepresentatives, children, contracts } from '../../../db/schema';
import { kazakhOrder } from '../../../db/kazakh-order';
import { method } from '../registry/method';
import { appendAudit } from '../audit/audit-log';
import { fullName, Id, IsoDate } from '../children/fields';
import { AppError } from '../errors/app-error';
import { contractContent } from './content';
import { renderContractsPdf } from './contract-pdf';
import { discardDraft } from './contract-record';
import { insertDraftContract, termInOrder } from './draft';
import { contractToPrint } from './to-print';

interface ChildLine {
  childId: string;
  name: string;
}

/**
 * Drafts for a whole group (or the children chosen from it) in one action, and contracts saved
 * as a PDF file to send to the family. Kept beside app.ts, which registers these methods.
 */
export function groupContractMethods() {
  return {
    /**
     * One transaction: a draft for each enrolled child whose contract has everything it
     * needs; a child whose data is incomplete gets no draft and is listed with what is
     * missing (`representative` when none is linked); a child who already has a contract that
     * is not terminated and overlaps the term is skipped and listed with that contract's
     * number. Either every draft listed in `created` is stored or none is.
     */
    'contracts.createForGroup': method({
      input: termInOrder(
        z
          .object({
            groupId: Id.optional(),
            childIds: z.array(Id).min(1).max(500).optional(),
            date: IsoDate.optional(),
            termFrom: IsoDate,
            termUntil: IsoDate,
          })
          .strict()
          .refine((c) => c.groupId || c.childIds, { path: ['groupId'], message: 'required' }),
      ),
      access: 'contracts.write',
      kind: 'write',
      entity: 'contract',
      syncs: 'contract',
      handler: (ctx, input) => {
        const date = input.date ?? ctx.now().slice(0, 10);
        const created: (ChildLine & { id: string; number: string })[] = [];
        const incomplete: (ChildLine & { missing: string[] })[] = [];
        const skipped: (ChildLine & { reason: 'hasContract' | 'notEnrolled'; number?: string })[] =
          [];
        ctx.transact(input.groupId ?? null, (store) => {
          const filters = [];
          if (input.groupId) filters.push(eq(children.groupId, input.groupId));
          if (input.childIds) filters.push(inArray(children.id, [...new Set(input.childIds)]));
          const chosen = store.db
            .select()
            .from(children)
            .where(and(...filters))
            .orderBy(
              kazakhOrder(children.lastName),
              kazakhOrder(children.firstName),
              kazakhOrder(children.patronymic),
              asc(children.id),
            )
            .all();
          if (input.childIds && chosen.length !== new Set(input.childIds).size)
            throw new AppError('invalidInput', { fields: ['childIds'] });
          for (const child of chosen) {
            const line = {
              childId: child.id,
              name: fullName(child),
            };
            if (child.status !== 'enrolled' || child.archived) {
              // A group's list holds only its enrolled children; one chosen by hand is named.
              if (input.childIds) skipped.push({ ...line, reason: 'notEnrolled' });
              continue;
            }
            const active = store.db
              .select({ number: contracts.number })
              .from(contracts)
              .where(
                and(
                  eq(contracts.childId, child.id),
                  ne(contracts.status, 'terminated'),
                  lte(contracts.termFrom, input.termUntil),
                  gte(contracts.termUntil, input.termFrom),
                ),
              )
              .get();
            if (active) {
              skipped.push({ ...line, reason: 'hasContract', number: active.number });
              continue;
            }
            const representative = store.db
              .select({ id: childRepresentatives.representativeId })
              .from(childRepresentatives)
              .where(eq(childRepresentatives.childId, child.id))
              .orderBy(desc(childRepresentatives.isPrimary))
              .get();
            if (!representative) {
              incomplete.push({ ...line, missing: ['representative'] });
              continue;
            }
            const { id, number } = insertDraftContract(store, {
              date,
              childId: child.id,
              representativeId: representative.id,
              termFrom: input.termFrom,
              termUntil: input.termUntil,
              payerIban: null,
              payerBank: null,
              createdBy: ctx.session!.accountId,
              createdAt: ctx.now(),
            });
            const { missing } = contractContent(store, id);
            if (missing.length) {
              // Not kept: the number is taken again by the next child, so none is skipped.
              discardDraft(store, id);
              incomplete.push({ ...line, missing });
              continue;
            }
            appendAudit(
              store,
              {
                actorId: ctx.session!.accountId,
                action: 'contracts.createForGroup',
                entity: 'contract',
                entityId: child.id,
                outcome: 'ok',
              },
              ctx.now(),
            );
            created.push({ ...line, id, number });
          }
        });
        return { created, incomplete, skipped };
      },
    }),

    /**
     * One contract, or many in one file (each from a new page), as a PDF to send to the
     * family: laid out as the signed-in role may see it, like the preview (`withheld` names
     * what was left out). A file with a family's personal data leaves the app, so each child's
     * contract saved is audited. The file name carries only the contract numbers.
     */
    'contracts.savePdf': method({
      input: z.object({ contractIds: z.array(Id).min(1).max(500) }).strict(),
      access: 'contracts.read',
      kind: 'sensitiveRead',
      entity: 'contract',
      handler: async (ctx, input) => {
        const store = ctx.store();
        const laidOut = [...new Set(input.contractIds)].map((contractId) =>
          contractToPrint(store, contractId, ctx.may),
        );
        const pdf = await renderContractsPdf(laidOut.map((c) => c.toRender));
        for (const { contract } of laidOut) ctx.auditRead(contract.childId);
        const first = laidOut[0]!.contract.number;
        return {
          fileName:
            laidOut.length === 1
              ? `contract-${first}.pdf`
              : `contracts-${first}-x${laidOut.length}.pdf`,
          numbers: laidOut.map((c) => c.contract.number),
          withheld: [...new Set(laidOut.flatMap((c) => c.withheld))],
          pdfBase64: Buffer.from(pdf).toString('base64'),
        };
      },
    }),
  };
}
