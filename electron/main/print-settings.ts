/**
 * How the desktop app prints, kept free of Electron imports so a unit test can check it.
 * Known pitfall (ARCHITECTURE §6): silent `webContents.print` on Windows may ignore a named
 * page size or print shrunk, so the A4 size goes explicitly in microns, margins are none (the
 * PDF's pages carry their own), and the scale is 100 %.
 */
import { APP_SCHEME, APP_HOST, WEB_PREFERENCES } from './security';

export const A4_MICRONS = { width: 210_000, height: 297_000 } as const;

/** The hidden print window: the same locked-down settings as the app window, no preload. */
export const PRINT_WINDOW_PREFERENCES = { ...WEB_PREFERENCES } as const;

/** The page that draws a PDF for printing (renderer/print.html). */
export const PRINT_PAGE = `${APP_SCHEME}://${APP_HOST}/print.html`;
/** Where that page fetches its one PDF, once; the id is random and known only to main. */
export const PRINT_JOB_PATH = /^\/print-job\/([0-9a-f-]{36})$/;

/** How long drawing a batch of hundreds of pages may take before the job is given up. */
export const PRINT_PAGE_TIMEOUT_MS = 10 * 60_000;

export interface PrintChoice {
  printer: string;
  copies: number;
  duplex: boolean;
}

export function webContentsPrintOptions({ printer, copies, duplex }: PrintChoice) {
  return {
    silent: true,
    deviceName: printer,
    copies,
    collate: true,
    duplexMode: duplex ? ('longEdge' as const) : ('simplex' as const),
    pageSize: { ...A4_MICRONS },
    margins: { marginType: 'none' as const },
    landscape: false,
    scaleFactor: 100,
    printBackground: false,
    color: true,
  };
}
