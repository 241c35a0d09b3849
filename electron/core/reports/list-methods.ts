import { z } from 'zod';
import { UI_LANGUAGES } from '../../../db/schema';
import { method, type HandlerContext } from '../registry/method';
import { checkPrinter, PrintChoices } from '../printing/print-choices';
import { readOrgSettings } from '../settings/org-settings';
import {
  buildList,
  LIST_TITLES,
  listAuditDetails,
  listFileName,
  ListQuery,
  ListQueryFields,
  type ListResult,
} from './lists';
import { renderListPdf } from './list-pdf';
import { listXlsx } from './list-xlsx';

/**
 * Lists of children (lists.ts): on screen, as a PDF, printed and as an .xlsx. Every one is
 * built by `buildList` from the same query, so a saved or printed list holds the rows the
 * screen showed.
 *
 * Audit: the on-screen list is one row naming the kind, the column keys and the row count
 * (`fields`), and with health or privilege columns a row per child shown. A PDF, printout or
 * workbook leaves the program: a row per child in it, each naming the kind, columns and counts.
 */

/** A document's language is chosen (the one it is printed in), not taken from the account. */
const DocumentQuery = z.object({ ...ListQueryFields, language: z.enum(UI_LANGUAGES) }).strict();

function exported(ctx: HandlerContext, list: ListResult): void {
  for (const row of list.rows) ctx.auditRead(row.childId);
  ctx.auditDetails(listAuditDetails(list));
}

/** What a saved file holds, for the caller to say (no values). */
const counts = (list: ListResult) => ({
  rows: list.rows.length,
  columns: list.columns.map((c) => c.key),
});

function organisation(ctx: HandlerContext, language: 'kk' | 'ru'): string {
  const org = readOrgSettings(ctx.store());
  return (language === 'ru' && org.nameRu) || org.nameKk;
}

async function listPdf(ctx: HandlerContext, query: z.output<typeof DocumentQuery>) {
  const list = buildList(ctx, query);
  const bytes = await renderListPdf(list, { organisation: organisation(ctx, list.language) });
  exported(ctx, list);
  return { list, bytes };
}

export const listMethods = {
  /** The list on screen (the Lists tab). */
  'reports.list': method({
    input: ListQuery,
    access: 'children.read',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: (ctx, query) => {
      const list = buildList(ctx, query);
      ctx.auditDetails(listAuditDetails(list));
      return {
        kind: list.kind,
        asOf: list.asOf,
        month: list.month,
        group: list.group,
        columns: list.columns,
        available: list.available,
        rows: list.rows,
      };
    },
  }),

  /**
   * The list as an A4 PDF in the chosen language, to save: a saved file leaves the program
   * like the workbook, so it needs `reports.export` (printing stays with `children.read`).
   */
  'reports.listPdf': method({
    input: DocumentQuery,
    access: 'reports.export',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, query) => {
      const { list, bytes } = await listPdf(ctx, query);
      return {
        fileName: listFileName(list, 'pdf'),
        base64: Buffer.from(bytes).toString('base64'),
        ...counts(list),
      };
    },
  }),

  /** The same PDF sent to a printer as one job (the print path contracts use). */
  'reports.printList': method({
    input: DocumentQuery.extend(PrintChoices).strict(),
    access: 'children.read',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { printer, copies, duplex, ...query }) => {
      await checkPrinter(ctx.services, printer);
      const { list, bytes } = await listPdf(ctx, query);
      // The job's title shows in print queues: the kind of list, no names.
      return ctx.services.printBackend.print(bytes, {
        printer,
        copies,
        duplex,
        jobTitle: LIST_TITLES[list.kind][list.language],
      });
    },
  }),

  /**
   * The list as an .xlsx workbook: the rows of `reports.list` for the same query. Only for
   * roles with `reports.export`: a workbook is copied and mailed on, out of the program's reach.
   */
  'reports.listXlsx': method({
    input: DocumentQuery,
    access: 'reports.export',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, query) => {
      const list = buildList(ctx, query);
      const bytes = await listXlsx(list, organisation(ctx, list.language));
      exported(ctx, list);
      return {
        fileName: listFileName(list, 'xlsx'),
        base64: Buffer.from(bytes).toString('base64'),
        ...counts(list),
      };
    },
  }),
};
