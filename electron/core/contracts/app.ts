import { and, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { childRepresentatives, children, contracts, CONTRACT_STATUSES } from '../../../db/schema';
import { method } from '../registry/method';
import { contractRow, contractRows } from './contract-list';
import { updateInput } from '../registry/update-input';
import {
  ContractNotFound,
  ContractStatusNotAllowed,
  findContract,
  writeContract,
} from './contract-record';
import { NoInput } from '../auth/fields';
import { findChild } from '../children/child-record';
import { Id, IsoDate } from '../children/fields';
import { FileContent } from '../documents/file-import';
import { prepareImport } from '../documents/file-import';
import { storeDocument } from '../documents/store-document';
import { AppError } from '../errors/app-error';
import { TextLine } from '../text/human-text';
import { ContractTerms, readContractTerms, writeContractTerms } from './terms';
import { contractFeeChanging } from '../fees/fees-record';
import {
  contentHash,
  contractContent,
  currentAsPrinted,
  differingFields,
  parseQrPayload,
} from './content';
import { insertDraftContract, termInOrder } from './draft';
import { renderContractPdf, renderContractsPdf } from './contract-pdf';
import { batchMethods } from './batch';
import { checkPrinter, PrintChoices } from '../printing/print-choices';
import { groupContractMethods } from './group';
import { contractToPrint } from './to-print';
import { refuseIfSignedElectronically } from './e-signature';
import { eSignatureMethods } from './e-signature';

export { ContractNotFound };
export const ContractDataMissing = (fields: string[]) =>
  new AppError('contractDataMissing', { fields });
export const ChildNotEnrolled = () => new AppError('childNotEnrolled');

const Iban = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^KZ\d{2}[0-9A-Z]{16}$/);

export const contractMethods = {
  'contracts.terms': method({
    input: NoInput,
    access: 'contracts.read',
    kind: 'read',
    entity: 'contract',
    handler: (ctx) => readContractTerms(ctx.store()),
  }),

  /**
   * Changes the terms it names and no other. A new monthly fee never reprices a closed month:
   * until fee settings are saved, the closed months keep the old fee (contractFeeChanging).
   */
  'contracts.updateTerms': method({
    input: updateInput(ContractTerms),
    access: 'settings.manage',
    kind: 'write',
    entity: 'contract',
    handler: (ctx, changes) =>
      ctx.transact('terms', (store) => {
        const before = readContractTerms(store);
        const next = ContractTerms.parse({ ...before, ...changes });
        contractFeeChanging(store, before.monthlyFee, next.monthlyFee);
        writeContractTerms(store, next);
        return next;
      }),
  }),

  'contracts.list': method({
    input: z
      .object({
        childId: Id.optional(),
        groupId: Id.optional(),
        status: z.enum(CONTRACT_STATUSES).optional(),
      })
      .strict(),
    access: 'contracts.read',
    kind: 'read',
    entity: 'contract',
    handler: (ctx, input) => {
      const filters: SQL[] = [];
      if (input.childId) filters.push(eq(contracts.childId, input.childId));
      if (input.groupId) filters.push(eq(children.groupId, input.groupId));
      if (input.status) filters.push(eq(contracts.status, input.status));
      return contractRows(ctx.store(), and(...filters));
    },
  }),

  /** A draft from an enrolled child and one of their representatives, data pre-filled from the file. */
  'contracts.create': method({
    input: termInOrder(
      z
        .object({
          childId: Id,
          representativeId: Id,
          date: IsoDate.optional(),
          termFrom: IsoDate,
          termUntil: IsoDate,
          payerIban: Iban.nullish(),
          payerBank: TextLine(200).nullish(),
        })
        .strict(),
    ),
    access: 'contracts.write',
    kind: 'write',
    entity: 'contract',
    syncs: 'contract',
    handler: (ctx, input) => {
      const date = input.date ?? ctx.now().slice(0, 10);
      const { id } = ctx.transact(input.childId, (store) => {
        const child = findChild(store, input.childId);
        if (child.status !== 'enrolled' || child.archived) throw ChildNotEnrolled();
        const linked = store.db
          .select()
          .from(childRepresentatives)
          .where(
            and(
              eq(childRepresentatives.childId, input.childId),
              eq(childRepresentatives.representativeId, input.representativeId),
            ),
          )
          .get();
        if (!linked) throw new AppError('invalidInput', { fields: ['representativeId'] });
        const draft = insertDraftContract(store, {
          date,
          childId: input.childId,
          representativeId: input.representativeId,
          termFrom: input.termFrom,
          termUntil: input.termUntil,
          payerIban: input.payerIban ?? null,
          payerBank: input.payerBank ?? null,
          createdBy: ctx.session!.accountId,
          createdAt: ctx.now(),
        });
        return draft;
      });
      // The contract as contracts.list lists it, and what it still lacks for printing.
      return { ...contractRow(ctx.store(), id), missing: contractContent(ctx.store(), id).missing };
    },
  }),

  /** What must still be filled in before this contract can be printed. */
  'contracts.check': method({
    input: z.object({ contractId: Id }).strict(),
    access: 'contracts.read',
    kind: 'read',
    entity: 'contract',
    handler: (ctx, { contractId }) => {
      findContract(ctx.store(), contractId);
      return { missing: contractContent(ctx.store(), contractId).missing };
    },
  }),

  /**
   * The PDF to preview (or, in the CLI, to keep), as the signed-in role may see it: the
   * payer's bank details only with `bankDetails.read`, the representative's identity document
   * only with `documents.read` (`withheld` names what was left out). It carries personal
   * data, so reading it is audited.
   */
  'contracts.render': method({
    input: z.object({ contractId: Id }).strict(),
    access: 'contracts.read',
    kind: 'sensitiveRead',
    entity: 'contract',
    handler: async (ctx, { contractId }) => {
      const { contract, hash, toRender, withheld } = contractToPrint(
        ctx.store(),
        contractId,
        ctx.may,
      );
      const pdf = await renderContractPdf(toRender);
      ctx.auditRead(contract.childId);
      return {
        number: contract.number,
        contentHash: hash,
        withheld,
        pdfBase64: Buffer.from(pdf).toString('base64'),
      };
    },
  }),

  /** After a successful print: the printed content is kept so later changes can be named. */
  'contracts.markPrinted': method({
    input: z.object({ contractId: Id, contentHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    access: 'contracts.write',
    kind: 'write',
    entity: 'contract',
    syncs: 'contract',
    handler: (ctx, { contractId, contentHash: printedHash }) => {
      const contract = findContract(ctx.store(), contractId);
      if (contract.status === 'signed' || contract.status === 'terminated')
        throw ContractStatusNotAllowed();
      refuseIfSignedElectronically(ctx.store(), contractId);
      const { fields, missing } = contractContent(ctx.store(), contractId);
      if (missing.length) throw ContractDataMissing(missing);
      // The data changed between rendering and printing: print again rather than record a mismatch.
      if (contentHash(fields) !== printedHash) throw new AppError('contractChanged');
      ctx.transact(contract.childId, (store) => {
        writeContract(store, contractId, {
          status: 'printed',
          content: JSON.stringify(fields),
          contentHash: printedHash,
          printedAt: ctx.now(),
        });
      });
      return contractRow(ctx.store(), contractId);
    },
  }),

  'contracts.markSigned': method({
    input: z.object({ contractId: Id, signedOn: IsoDate, scanBase64: FileContent }).strict(),
    access: 'contracts.write',
    kind: 'write',
    entity: 'contract',
    syncs: ['document', 'contract'],
    handler: async (ctx, { contractId, signedOn, scanBase64 }) => {
      const contract = findContract(ctx.store(), contractId);
      if (contract.status !== 'printed') throw ContractStatusNotAllowed();
      refuseIfSignedElectronically(ctx.store(), contractId);
      const scan = await prepareImport(Buffer.from(scanBase64, 'base64'));
      ctx.transact(contract.childId, (store) => {
        const scanId = storeDocument(
          store,
          ctx.services.dataDir,
          scan,
          {
            childId: contract.childId,
            type: 'signed_contract',
            title: `№ ${contract.number}`,
            createdBy: ctx.session!.accountId,
            toPortal: true,
          },
          ctx.now(),
        );
        writeContract(store, contractId, {
          status: 'signed',
          signedScanId: scanId,
          signedAt: signedOn,
        });
      });
      return contractRow(ctx.store(), contractId);
    },
  }),

  'contracts.terminate': method({
    input: z.object({ contractId: Id, on: IsoDate }).strict(),
    access: 'contracts.write',
    kind: 'write',
    entity: 'contract',
    syncs: 'contract',
    handler: (ctx, { contractId, on }) => {
      const contract = findContract(ctx.store(), contractId);
      if (contract.status === 'terminated') throw ContractStatusNotAllowed();
      ctx.transact(contract.childId, (store) => {
        writeContract(store, contractId, { status: 'terminated', terminatedAt: on });
      });
      return contractRow(ctx.store(), contractId);
    },
  }),

  /**
   * Prints one or many contracts as one job (e.g. all drafts of a group). Every contract is
   * checked first: if any lacks data, nothing is printed and the error names it. After the
   * job is accepted each contract is recorded as printed with the content it was printed with.
   */
  'contracts.print': method({
    input: z
      .object({
        contractIds: z.array(Id).min(1).max(500),
        ...PrintChoices,
      })
      .strict(),
    access: 'contracts.write',
    kind: 'write',
    entity: 'contract',
    syncs: 'contract',
    handler: async (ctx, { contractIds, printer, copies, duplex }) => {
      const store = ctx.store();
      await checkPrinter(ctx.services, printer);
      const rendered = [];
      for (const contractId of contractIds) {
        const contract = findContract(store, contractId);
        if (contract.status === 'signed' || contract.status === 'terminated')
          throw ContractStatusNotAllowed();
        refuseIfSignedElectronically(store, contractId);
        rendered.push(contractToPrint(store, contractId));
      }
      const pdf = await renderContractsPdf(
        rendered.map((r) => r.toRender),
        { duplex },
      );
      const jobTitle =
        rendered.length === 1
          ? `Contract ${rendered[0]!.contract.number}`
          : `Contracts x${rendered.length}`;
      const { jobId } = await ctx.services.printBackend.print(pdf, {
        printer,
        copies,
        duplex,
        jobTitle,
      });
      for (const { contract, fields, hash } of rendered) {
        ctx.transact(contract.childId, (tx) => {
          writeContract(tx, contract.id, {
            status: contract.status === 'draft' ? 'printed' : contract.status,
            content: JSON.stringify(fields),
            contentHash: hash,
            printedAt: ctx.now(),
          });
        });
      }
      return { jobId, printed: rendered.length };
    },
  }),

  ...batchMethods(),

  ...groupContractMethods(),

  ...eSignatureMethods(),

  /**
   * Checks a printed contract's QR payload against the store: "matches", or which fields now
   * differ from what was printed.
   */
  'contracts.verify': method({
    input: z.object({ qrPayload: z.string().max(200) }).strict(),
    access: 'contracts.read',
    kind: 'read',
    entity: 'contract',
    handler: (ctx, { qrPayload: payload }) => {
      const parsed = parseQrPayload(payload);
      if (!parsed)
        throw new AppError('invalidInput', { fields: ['qrPayload'], reasons: ['notOurQrCode'] });
      const store = ctx.store();
      const contract = store.db
        .select()
        .from(contracts)
        .where(eq(contracts.number, parsed.number))
        .get();
      if (!contract) throw ContractNotFound();
      const current = contractContent(store, contract.id).fields;
      const printed = contract.content
        ? (JSON.parse(contract.content) as Record<string, string>)
        : null;
      const hashMatchesRecord = contract.contentHash === parsed.hash;
      const comparable = printed ? currentAsPrinted(printed, current) : current;
      const matches = hashMatchesRecord && contentHash(comparable) === parsed.hash;
      return {
        number: contract.number,
        status: contract.status,
        matches,
        /** The printed copy is not the one recorded as printed for this number. */
        unknownPrint: !hashMatchesRecord,
        differences: printed && hashMatchesRecord ? differingFields(printed, comparable) : [],
      };
    },
  }),
};
