import ExcelJS from 'exceljs';
import { LIST_TITLES, listSubtitle, type ListResult } from './lists';

/**
 * A list (lists.ts) as an .xlsx workbook (exceljs) in Kazakh or Russian: one worksheet with the
 * title (row 1), the organisation / group / month / date line (row 2), the header (row 3:
 * "№" and the column labels) and from row 4 one row per list row, every cell as text exactly
 * as the screen shows it (an IIN or a phone stays text, not a number that loses its zeros).
 */

export const XLSX_HEADER_ROW = 3;

export async function listXlsx(list: ListResult, organisation: string): Promise<Uint8Array> {
  const language = list.language;
  const book = new ExcelJS.Workbook();
  book.creator = 'Balabaqsha Desk';
  book.created = new Date(0);
  book.modified = new Date(0);
  const title = LIST_TITLES[list.kind][language];
  // A sheet name is at most 31 characters and may not hold []:*?/\ .
  const ws = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
  ws.columns = [
    { width: 6 },
    ...list.columns.map((c) => ({
      width: c.key === 'name' || c.key === 'representative' || c.key === 'address' ? 36 : 18,
    })),
  ];
  ws.addRow([title]).font = { bold: true, size: 12 };
  ws.addRow([listSubtitle(list, organisation)]);
  const header = ws.addRow(['№', ...list.columns.map((c) => c.label[language])]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  list.rows.forEach((row, i) => {
    const added = ws.addRow([i + 1, ...list.columns.map((c) => row.cells[c.key] ?? '')]);
    for (let n = 2; n <= list.columns.length + 1; n += 1) added.getCell(n).numFmt = '@';
  });
  ws.views = [{ state: 'frozen', ySplit: XLSX_HEADER_ROW }];
  return new Uint8Array(await book.xlsx.writeBuffer());
}
