/**
 * Reads a PDF's text back, one string per page, with pdf.js's Node build: for tests and for
 * checking that a stored contract says what its hash says. No worker thread, no font files
 * from disk (our documents embed theirs, with a ToUnicode map), no eval.
 */
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

let pdfjsReady: Promise<typeof Pdfjs> | undefined;

/**
 * pdf.js looks for `globalThis.pdfjsWorker` before it tries to spawn or import a worker by
 * path; providing it runs the parser on this thread and survives bundling.
 */
function loadPdfjs(): Promise<typeof Pdfjs> {
  pdfjsReady ??= (async () => {
    const globals = globalThis as { pdfjsWorker?: unknown };
    // @ts-expect-error -- pdfjs-dist ships no type declarations for its worker bundle
    globals.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  pdfjsReady.catch(() => (pdfjsReady = undefined)); // a failed load may be retried
  return pdfjsReady;
}

/** The text of each page, lines separated by "\n" as pdf.js reports line ends. */
export async function extractPdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // A fresh Uint8Array (not a Buffer, which pdf.js refuses): it detaches what it is given.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isEvalSupported: false,
    stopAtErrors: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const document = await task.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue; // marked-content markers carry no text
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text);
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
