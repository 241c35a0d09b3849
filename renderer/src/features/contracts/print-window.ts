/**
 * The desktop app's hidden print window (renderer/print.html): Electron main hands it one PDF
 * under a one-time address, this page draws every page with pdf.js as an A4 image, and tells
 * main it is ready through the document title; main then calls `webContents.print`. The page
 * has no preload and no way to the core; the PDF lives only in this window's memory.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** 200 dots per inch: sharp text on paper, bounded memory for a batch of hundreds of pages. */
const DPI = 200;

async function drawPages(): Promise<void> {
  const job = /^#job=([0-9a-f-]{36})$/.exec(window.location.hash)?.[1];
  if (!job) throw new Error('no job');
  const response = await fetch(`./print-job/${job}`, { cache: 'no-store' });
  if (!response.ok) throw new Error('job gone');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(await response.arrayBuffer()),
    isEvalSupported: false,
  }).promise;
  const canvas = window.document.createElement('canvas');
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: DPI / 72 });
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    page.cleanup();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('page not drawn');
    const image = new Image();
    image.src = URL.createObjectURL(blob);
    await image.decode();
    window.document.body.appendChild(image);
  }
  await document.destroy();
}

drawPages().then(
  () => (document.title = 'ready'),
  () => (document.title = 'failed'),
);
