import { PDFDocument } from 'pdf-lib';

/** Many contracts as one PDF, so a batch is one print job that cannot interleave with others. */
export async function mergePdfs(
  files: readonly Uint8Array[],
  onProgress?: (done: number) => void,
): Promise<Uint8Array> {
  const merged = await PDFDocument.create();
  merged.setTitle('Шарттар / Договоры');
  merged.setProducer('Balabaqsha Desk');
  for (const [index, bytes] of files.entries()) {
    const source = await PDFDocument.load(bytes);
    for (const page of await merged.copyPages(source, source.getPageIndices()))
      merged.addPage(page);
    onProgress?.(index + 1);
  }
  return merged.save();
}
