import type { PrintBackend } from '../../electron/core/printing/backend';
import { PrintFailed, type PrintOptions } from '../../electron/core/printing/cups';

/** The print system as the core sees it: every job it was handed, kept in memory. */
export class RecordingPrinter implements PrintBackend {
  readonly kind = 'cups';
  readonly jobs: { pdf: Uint8Array; options: PrintOptions }[] = [];
  failNext = false;
  async printers() {
    return ['Office Printer (A4)', '\\\\server\\Кабинет'];
  }
  async print(pdf: Uint8Array, options: PrintOptions) {
    if (this.failNext) {
      this.failNext = false;
      throw PrintFailed('cupsError');
    }
    this.jobs.push({ pdf, options });
    return { jobId: `job-${this.jobs.length}` };
  }
}
