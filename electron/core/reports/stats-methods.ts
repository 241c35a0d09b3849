import { z } from 'zod';
import { method } from '../registry/method';
import { localDateTime } from '../attendance/attendance-record';
import { anonymisedStats, statsCsv, suppressionSummary } from './anonymised';
import { COUNTED_STATUSES, readStatsInput } from './stats-facts';
import { statusWords } from './stats-words';
import { statsFileName, statsXlsx } from './stats-xlsx';

/** Which children the statistics count, in words for the workbook (stats-facts.ts decides). */
const COUNTED = {
  kk: `Саналады: топтағы, мұрағатта емес балалар, мәртебесі ${COUNTED_STATUSES.map((s) => `«${statusWords(s).kk}»`).join(' немесе ')}; жеңілдіктер есепті күні расталған және жарамды.`,
  ru: `Учтены дети в группах, не в архиве, со статусом ${COUNTED_STATUSES.map((s) => `«${statusWords(s).ru}»`).join(' или ')}; льготы подтверждённые и действующие на дату отчёта.`,
};

export const statsMethods = {
  /**
   * The anonymised statistics (issue 15 item 2) as a file for the education department, the
   * akimat or the statistics bureau: the tidy CSV (`table;dimension;category;count`) or the
   * .xlsx laid out for people. Counts only, every cell below 5 suppressed with its
   * complements (anonymised.ts), so the file holds no child and can leave the kindergarten.
   *
   * An act: it changes nothing, but a file about the kindergarten's children leaves the app,
   * so the call is on record with what was suppressed (counts only, in the row's fields:
   * `format:csv`, `cells:N`, `suppressed:N`, `primary:N`, `complementary:N`).
   *
   * The answer's `suppressed` names each suppressed cell and why, for the director's screen
   * (who may see the true counts anyway); the file itself says only how many per table.
   */
  'reports.statsExport': method({
    input: z.object({ format: z.enum(['csv', 'xlsx']) }).strict(),
    access: 'reports.stats',
    kind: 'act',
    entity: 'report',
    handler: async (ctx, { format }) => {
      const asOf = localDateTime(ctx.now()).slice(0, 10);
      const stats = anonymisedStats(readStatsInput(ctx.store(), asOf));
      const bytes =
        format === 'csv'
          ? new TextEncoder().encode(statsCsv(stats))
          : await statsXlsx(stats, { asOf, counted: COUNTED });
      const summary = suppressionSummary(stats);
      const primary = summary.reduce((sum, line) => sum + line.primary, 0);
      const complementary = summary.reduce((sum, line) => sum + line.complementary, 0);
      const cells = stats.tables.reduce((sum, table) => sum + table.cells.length, 0);
      ctx.auditDetails([
        `format:${format}`,
        `cells:${cells}`,
        `suppressed:${primary + complementary}`,
        `primary:${primary}`,
        `complementary:${complementary}`,
      ]);
      ctx.audit(null);
      return {
        fileName: statsFileName(asOf, format),
        base64: Buffer.from(bytes).toString('base64'),
        asOf,
        cells,
        suppressed: stats.suppressed,
        summary,
      };
    },
  }),
};
