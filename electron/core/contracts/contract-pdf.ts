import { PdfDocumentBuilder } from '../pdf/document';
import { fill, loadTemplate } from './template';

export interface ContractToRender {
  templateVersion: string;
  fields: Record<string, string>;
  qrText: string;
}

/**
 * One contract: the template's Kazakh and Russian text side by side, both parties' signature
 * blocks, and a QR code with the contract number and content hash (also printed under it, so
 * the payload can be read without a scanner).
 */
function layOut(
  doc: PdfDocumentBuilder,
  { templateVersion, fields, qrText }: ContractToRender,
): void {
  const template = loadTemplate(templateVersion);
  doc.twoColumns(fill(template.title.kk, fields), fill(template.title.ru, fields), {
    bold: true,
    size: 12,
  });
  doc.spacer(3);
  for (const section of template.sections)
    doc.twoColumns(fill(section.kk, fields), fill(section.ru, fields));
  doc.spacer(4);
  doc.signatureBlock(
    [template.signatures.organisation, template.signatures.representative].map((party) => ({
      title: party.kk,
      lines: party.lines.map((line) => fill(line, fields)),
    })),
  );
  doc.spacer(4);
  doc.qrCode(qrText, 30, { align: 'left' });
  doc.paragraph(qrText, { size: 7 });
}

/** The contract as an A4 PDF. */
export async function renderContractPdf(
  contract: ContractToRender,
  creationDate?: Date,
): Promise<Uint8Array> {
  const doc = await PdfDocumentBuilder.create({
    title: `Шарт / Договор № ${contract.fields['contract.number'] ?? ''}`,
    language: 'kk',
    ...(creationDate ? { creationDate } : {}),
  });
  layOut(doc, contract);
  return doc.finish();
}

/**
 * Many contracts in one PDF, each starting on a new page with its own page numbers; for
 * two-sided printing (`duplex`) each starts on a new sheet, so no sheet holds two families.
 */
export async function renderContractBatchPdf(
  contracts: readonly ContractToRender[],
  { duplex = false }: { duplex?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PdfDocumentBuilder.create({
    title: `Шарттар / Договоры (${contracts.length})`,
    language: 'kk',
  });
  contracts.forEach((contract, index) => {
    if (index > 0) doc.nextDocument();
    layOut(doc, contract);
  });
  return doc.finish({ sheetPerDocument: duplex });
}

/**
 * One contract as its own PDF (titled by its number), or many in one file as a batch; the
 * same file whether it is printed or saved.
 */
export function renderContractsPdf(
  contracts: readonly ContractToRender[],
  options: { duplex?: boolean } = {},
): Promise<Uint8Array> {
  return contracts.length === 1
    ? renderContractPdf(contracts[0]!)
    : renderContractBatchPdf(contracts, options);
}

/**
 * A batch laid out a few contracts at a time, so a caller can report honest progress and stop
 * between steps; `finish` gives the one PDF of the whole batch.
 */
export class ContractBatchDocument {
  private laidOut = 0;
  private constructor(private readonly doc: PdfDocumentBuilder) {}

  static async create(total: number): Promise<ContractBatchDocument> {
    return new ContractBatchDocument(
      await PdfDocumentBuilder.create({
        title: `Шарттар / Договоры (${total})`,
        language: 'kk',
      }),
    );
  }

  add(contract: ContractToRender): void {
    if (this.laidOut > 0) this.doc.nextDocument();
    layOut(this.doc, contract);
    this.laidOut++;
  }

  /** The whole batch; with `duplex` each contract starts on a new sheet. May be called again. */
  finish({ duplex }: { duplex: boolean }): Promise<Uint8Array> {
    return this.doc.finish({ sheetPerDocument: duplex });
  }
}
