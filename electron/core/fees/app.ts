import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { method } from '../registry/method';
import { updateInput } from '../registry/update-input';
import { findChild } from '../children/child-record';
import { Id } from '../children/fields';
import { NoInput } from '../auth/fields';
import { readOrgSettings } from '../settings/org-settings';
import { TextLine } from '../text/human-text';
import { isoMonth } from '../attendance/calendar';
import { feeReduction, payment } from '../attendance/fees';
import { localDateTime } from '../attendance/attendance-record';
import {
  cancelPayment,
  closedMonthsSpan,
  defaultFeeSettings,
  feeVersion,
  feeVersions,
  FeesMonthClosed,
  findPayment,
  findReduction,
  freezeFeeFallback,
  insertPayment,
  insertReduction,
  monthDebtors,
  monthFeeSheet,
  nextMonth,
  PaymentFutureDate,
  paymentRows,
  reductionsOf,
  removeReduction,
  settingsStartMonth,
  writeFeeVersion,
} from './fees-record';
import {
  debtorsXlsx,
  exportFileName,
  feeSheetXlsx,
  renderDebtorsPdf,
  renderFeeSheetPdf,
} from './fees-export';

const Month = isoMonth;
const Language = z.enum(['kk', 'ru']);

export const feeMethods = {
  /**
   * The fee settings in force from the latest month they were set for (`from`; null until
   * they are first saved, with the contract's monthly fee as the suggestion), and the earlier
   * versions, which still price the months before it.
   */
  'fees.settings': method({
    input: NoInput,
    access: 'fees.read',
    kind: 'read',
    entity: 'fee',
    handler: (ctx) => {
      const store = ctx.store();
      const versions = feeVersions(store);
      const latest = versions.at(-1);
      return {
        ...(latest ?? { ...defaultFeeSettings(store), from: null }),
        earlier: versions.slice(0, -1),
      };
    },
  }),

  /**
   * Changes the settings it names, never in a month already closed for some group: a `from`
   * at or before the last closed month is refused (feesMonthClosed) until that month is
   * reopened. With `from` later than the latest version's, the change applies from that month
   * on; an earlier (open) `from` replaces the versions from that month on. Without `from`, the
   * latest version changes if it starts after every closed month, else the change applies from
   * this month (the kindergarten's) or the first month not closed. The first save freezes the
   * contract's fee as the version of the closed months (freezeFeeFallback), so they stay
   * charged as they were.
   */
  'fees.setSettings': method({
    input: updateInput(feeVersion),
    access: 'fees.write',
    kind: 'write',
    entity: 'fee',
    handler: (ctx, changes) =>
      ctx.transact('fees', (store) => {
        const { last } = closedMonthsSpan(store);
        if (changes.from !== undefined && last !== null && changes.from <= last)
          throw FeesMonthClosed({ month: changes.from, firstOpen: nextMonth(last) });
        const versions = freezeFeeFallback(store);
        const from =
          changes.from ?? settingsStartMonth(versions, last, localDateTime(ctx.now()).slice(0, 7));
        const base = versions.findLast((v) => v.from <= from) ??
          versions[0] ?? { ...defaultFeeSettings(store), from };
        const next = feeVersion.parse({ ...base, ...changes, from });
        const written = writeFeeVersion(store, next);
        return { ...next, earlier: written.slice(0, -1) };
      }),
  }),

  'fees.reductions': method({
    input: z.object({ childId: Id.optional() }).strict(),
    access: 'fees.read',
    kind: 'read',
    entity: 'fee',
    handler: (ctx, { childId }) => reductionsOf(ctx.store(), childId),
  }),

  /** A reduction by privileged category: percent, from a day, to a day or open-ended. */
  'fees.addReduction': method({
    input: feeReduction.strict(),
    access: 'fees.write',
    kind: 'write',
    entity: 'fee',
    handler: (ctx, input) =>
      ctx.transact(input.childId, (store) => {
        findChild(store, input.childId);
        const reduction = {
          ...input,
          id: randomUUID(),
          createdBy: ctx.session!.accountId,
          createdAt: ctx.now(),
        };
        insertReduction(store, reduction);
        return reduction;
      }),
  }),

  /**
   * Removes a reduction, never deleting it: it is kept with who and when, and stops from the
   * child's first month after those closed within its validity (`from`); one valid only in
   * closed months is refused (feeReductionMonthClosed).
   */
  'fees.removeReduction': method({
    input: z.object({ reductionId: Id }).strict(),
    access: 'fees.write',
    kind: 'write',
    entity: 'fee',
    handler: (ctx, { reductionId }) => {
      const { childId } = findReduction(ctx.store(), reductionId);
      const from = ctx.transact(childId, (store) =>
        removeReduction(store, reductionId, { by: ctx.session!.accountId, at: ctx.now() }),
      );
      return { removed: reductionId, from };
    },
  }),

  /**
   * The month's charges from the closed timesheet: one group's (refused while its month is
   * open: attendanceMonthNotClosed) or every group's (`openGroups` names those not closed).
   */
  'fees.sheet': method({
    input: z.object({ month: Month, groupId: Id.optional() }).strict(),
    access: 'fees.read',
    kind: 'read',
    entity: 'fee',
    handler: (ctx, { month, groupId }) => monthFeeSheet(ctx.store(), month, groupId),
  }),

  /**
   * A payment from its receipt; a receipt number already used is refused (paymentReceiptTaken),
   * and so is a date after the kindergarten's today (paymentFutureDate).
   */
  'fees.recordPayment': method({
    input: payment.omit({ id: true }).strict(),
    access: 'fees.write',
    kind: 'write',
    entity: 'fee',
    handler: (ctx, input) => {
      if (input.date > localDateTime(ctx.now()).slice(0, 10))
        throw PaymentFutureDate({ date: input.date });
      return ctx.transact(input.childId, (store) => {
        findChild(store, input.childId);
        return insertPayment(
          store,
          { ...input, id: randomUUID() },
          { createdBy: ctx.session!.accountId, createdAt: ctx.now() },
        );
      });
    },
  }),

  /**
   * Cancels a payment recorded by mistake, with a reason: never deleted, it stays in
   * fees.payments marked (cancelledAt, cancelledBy, cancelReason), counts in no balance, and
   * its receipt number stays taken. Cancelling it again: paymentAlreadyCancelled.
   */
  'fees.cancelPayment': method({
    input: z.object({ paymentId: Id, reason: TextLine(500, 1) }).strict(),
    access: 'fees.write',
    kind: 'write',
    entity: 'fee',
    handler: (ctx, { paymentId, reason }) => {
      const { childId } = findPayment(ctx.store(), paymentId);
      return ctx.transact(childId, (store) =>
        cancelPayment(store, paymentId, {
          by: ctx.session!.accountId,
          at: ctx.now(),
          reason,
        }),
      );
    },
  }),

  /** Payments of a month or of a child, newest first; cancelled ones too, marked as such. */
  'fees.payments': method({
    input: z.object({ month: Month.optional(), childId: Id.optional() }).strict(),
    access: 'fees.read',
    kind: 'read',
    entity: 'fee',
    handler: (ctx, filter) => paymentRows(ctx.store(), filter),
  }),

  /** Children owing at least 1 ₸ at the month's end, the largest debt first. */
  'fees.debtors': method({
    input: z.object({ month: Month }).strict(),
    access: 'fees.read',
    kind: 'read',
    entity: 'fee',
    handler: (ctx, { month }) => monthDebtors(ctx.store(), month),
  }),

  /**
   * The fee sheet or the debtors list as a PDF or an .xlsx workbook, as bytes (never a file
   * here). The file leaves the app with children's names and money: each child in it is
   * audited. The file name carries the kind, month and language only.
   */
  'fees.export': method({
    input: z
      .object({
        month: Month,
        kind: z.enum(['sheet', 'debtors']),
        format: z.enum(['pdf', 'xlsx']),
        language: Language,
        groupId: Id.optional(),
      })
      .strict(),
    access: 'fees.read',
    kind: 'sensitiveRead',
    entity: 'fee',
    handler: async (ctx, { month, kind, format, language, groupId }) => {
      const store = ctx.store();
      const org = readOrgSettings(store);
      const options = {
        organisation: (language === 'ru' && org.nameRu) || org.nameKk,
        language,
      };
      let bytes: Uint8Array;
      let childIds: string[];
      if (kind === 'sheet') {
        const sheet = monthFeeSheet(store, month, groupId);
        bytes =
          format === 'pdf'
            ? await renderFeeSheetPdf(sheet, options)
            : await feeSheetXlsx(sheet, options);
        childIds = sheet.groups.flatMap((g) => g.rows.map((row) => row.childId));
      } else {
        const rows = monthDebtors(store, month);
        bytes =
          format === 'pdf'
            ? await renderDebtorsPdf(month, rows, options)
            : await debtorsXlsx(month, rows, options);
        childIds = rows.map((row) => row.childId);
      }
      for (const childId of childIds) ctx.auditRead(childId);
      return {
        fileName: exportFileName(kind, month, format, language),
        base64: Buffer.from(bytes).toString('base64'),
      };
    },
  }),
};
