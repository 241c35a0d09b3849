/**
 * The text of a two-column (Kazakh | Russian) PDF read column by column across all pages, so
 * a value wrapped over lines of one column reads contiguously. Full-width lines (titles,
 * signatures, footers) land in the column where they start.
 */
export async function columnTexts(bytes: Uint8Array): Promise<{ left: string; right: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const columns = { left: [] as string[], right: [] as string[] };
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const middle = page.view[2]! / 2;
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      (item.transform[4] < middle ? columns.left : columns.right).push(item.str);
    }
  }
  await document.destroy();
  const squash = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ');
  return { left: squash(columns.left), right: squash(columns.right) };
}
