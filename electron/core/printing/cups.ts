import { spawn } from 'node:child_process';
import { AppError } from '../errors/app-error';

export interface PrintOptions {
  printer: string;
  copies: number;
  duplex: boolean;
  /** Shown in the print queue: never personal data (a contract number is fine). */
  jobTitle: string;
}

export const PrintFailed = (reason: string) => new AppError('printFailed', { reason });

function run(command: string, args: string[], input?: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', () => reject(PrintFailed('cupsMissing')));
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(PrintFailed(stderr.includes('does not exist') ? 'noSuchPrinter' : 'cupsError')),
    );
    child.stdin.on('error', () => undefined); // lp may exit before reading all input; its code reports why
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/** Printers CUPS knows on this machine (Linux, macOS). */
export async function listCupsPrinters(): Promise<string[]> {
  const out = await run('lpstat', ['-e']).catch(() => '');
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Prints a PDF through CUPS. The document goes to `lp` on standard input: no temporary file
 * of the contract is written by us (the print system spools it, as every printed page is).
 */
export async function printWithCups(
  pdf: Uint8Array,
  options: PrintOptions,
): Promise<{ jobId: string }> {
  const args = ['-d', options.printer, '-n', String(options.copies), '-t', options.jobTitle];
  args.push(
    '-o',
    options.duplex ? 'sides=two-sided-long-edge' : 'sides=one-sided',
    '-o',
    'media=A4',
    '-',
  );
  const out = await run('lp', args, pdf);
  return { jobId: /request id is (\S+)/.exec(out)?.[1] ?? '' };
}
