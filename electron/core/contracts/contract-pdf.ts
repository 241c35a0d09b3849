import { PdfDocumentBuilder } from '../pdf/document';
import { fill, loadTemplate } from './template';

/**
 * The contract as an A4 PDF: the template's Kazakh and Russian text side by side, both
 * parties' signature blocks, and a QR code with the contract number and content hash (also
 * printed under it, so the payload can be read without a scanner).
 */
export async function renderContractPdf(
  templateVersion: string,
  fields: Record<string, string>,
  qrText: string,
  creationDate?: Date,
): Promise<Uint8Array> {
  const template = loadTemplate(templateVersion);
  const number = fields['contract.number'] ?? '';
  const doc = await PdfDocumentBuilder.create({
    title: `Шарт / Договор № ${number}`,
    language: 'kk',
    ...(creationDate ? { creationDate } : {}),
  });
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
  return doc.finish();
}
