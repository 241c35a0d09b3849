/**
 * Printing in the desktop app: the core (in its utility process) hands main a finished PDF and
 * the user's choices; main draws it with pdf.js in a hidden, sandboxed window and prints that
 * window with `webContents.print` — one call, one job, however many contracts the PDF holds.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { randomUUID } from 'node:crypto';
import {
  PRINT_JOB_PATH,
  PRINT_PAGE,
  PRINT_PAGE_TIMEOUT_MS,
  PRINT_WINDOW_PREFERENCES,
  webContentsPrintOptions,
  type PrintChoice,
} from './print-settings';

/** PDFs waiting for their print window, by one-time id; each is handed out once. */
const waiting = new Map<string, Buffer>();

/** For the app:// handler: the PDF of a print job, once, or null for any other address. */
export function takePrintJob(pathname: string): Buffer | null {
  const id = PRINT_JOB_PATH.exec(pathname)?.[1];
  if (!id) return null;
  const pdf = waiting.get(id) ?? null;
  waiting.delete(id);
  return pdf;
}

/** The printers the system offers, by their system names (what `deviceName` expects). */
export async function listPrinters(contents: WebContents): Promise<string[]> {
  return (await contents.getPrintersAsync()).map((printer) => printer.name);
}

export class PrintError extends Error {
  constructor(readonly reason: 'renderFailed' | 'printerRefused') {
    super(reason);
  }
}

function pageReady(contents: WebContents): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PrintError('renderFailed')), PRINT_PAGE_TIMEOUT_MS);
    contents.on('page-title-updated', (_, title) => {
      if (title !== 'ready' && title !== 'failed') return;
      clearTimeout(timer);
      if (title === 'ready') resolve();
      else reject(new PrintError('renderFailed'));
    });
    const gone = () => {
      clearTimeout(timer);
      reject(new PrintError('renderFailed'));
    };
    contents.once('render-process-gone', gone);
    // Destroyed early (the page failed to load): no ten-minute timer left behind.
    contents.once('destroyed', gone);
  });
}

export async function printPdf(pdf: Buffer, choice: PrintChoice): Promise<{ jobId: string }> {
  const jobId = randomUUID();
  const window = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: PRINT_WINDOW_PREFERENCES,
  });
  // The print window goes nowhere and opens nothing.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  waiting.set(jobId, pdf);
  try {
    const ready = pageReady(window.webContents);
    // If loading fails, `ready` is never awaited: its rejection must not go unhandled in main.
    ready.catch(() => undefined);
    await window.loadURL(`${PRINT_PAGE}#job=${jobId}`);
    await ready;
    await new Promise<void>((resolve, reject) =>
      window.webContents.print(webContentsPrintOptions(choice), (success) =>
        success ? resolve() : reject(new PrintError('printerRefused')),
      ),
    );
    return { jobId };
  } finally {
    waiting.delete(jobId);
    window.destroy();
  }
}
