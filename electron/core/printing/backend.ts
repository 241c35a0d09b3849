import { listCupsPrinters, printWithCups, type PrintOptions } from './cups';

/**
 * Where printed contracts go. The core only ever hands a finished PDF and the user's choices
 * to a backend: CUPS (`lp`) in Node hosts, or — in the desktop app — Electron main, which
 * draws the PDF in a hidden window and prints it with `webContents.print` (see
 * electron/host/utility/core-host.ts). Either way one call is one print job.
 */
export interface PrintBackend {
  readonly kind: 'cups' | 'electron';
  printers(): Promise<string[]>;
  print(pdf: Uint8Array, options: PrintOptions): Promise<{ jobId: string }>;
}

export const cupsBackend: PrintBackend = {
  kind: 'cups',
  printers: listCupsPrinters,
  print: printWithCups,
};
