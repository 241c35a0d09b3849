import { z } from 'zod';
import type { CoreServices } from '../core-services';
import { PrintFailed } from './cups';

/** A printer as the print system names it; Windows names may hold spaces and backslashes. */
export const PrinterName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .regex(/^(?!-)[^\u0000-\u001f\u007f]+$/);

/** What every print method takes: the printer, copies and whether to print both sides. */
export const PrintChoices = {
  printer: PrinterName,
  copies: z.number().int().min(1).max(10).default(1),
  duplex: z.boolean().default(true),
};

/** Refuses a printer the print system does not offer (a typed error, before any job). */
export async function checkPrinter(services: CoreServices, printer: string): Promise<void> {
  if (!(await services.printBackend.printers()).includes(printer))
    throw PrintFailed('noSuchPrinter');
}
