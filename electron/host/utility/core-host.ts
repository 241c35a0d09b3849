/**
 * The core in an Electron utilityProcess: SQLite, PDF and image work never freeze the window.
 * No `electron` import: it talks to main over `process.parentPort` only.
 */
import { createCore } from '../../core/core';
import { FileDeviceSeal, type DeviceSeal } from '../../core/vault/device-seal';
import { DeviceMismatch } from '../../core/errors/app-error';
import type { PrintBackend } from '../../core/printing/backend';
import { PrintFailed, type PrintOptions } from '../../core/printing/cups';
import type { FromCore, PrintRequest, ToCore } from './messages';

interface ParentPort {
  on(event: 'message', listener: (event: { data: ToCore }) => void): void;
  postMessage(message: FromCore): void;
}
const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;

const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

let nextSealId = 1;
const pendingSeals = new Map<number, (reply: { ok: boolean; data: string }) => void>();

/** DPAPI through Electron's safeStorage in main: the keyring is bound to this Windows user. */
class SafeStorageSeal implements DeviceSeal {
  readonly kind = 'electron-safe-storage';
  private request(operation: 'seal' | 'unseal', data: Buffer): Promise<Buffer> {
    const id = nextSealId++;
    return new Promise((resolve, reject) => {
      pendingSeals.set(id, ({ ok, data: reply }) =>
        ok ? resolve(Buffer.from(reply, 'base64')) : reject(DeviceMismatch()),
      );
      parentPort.postMessage({ type: 'seal', id, operation, data: data.toString('base64') });
    });
  }
  seal(plain: Buffer) {
    return this.request('seal', plain);
  }
  unseal(sealed: Buffer) {
    return this.request('unseal', sealed);
  }
}

type PrintReply = Extract<ToCore, { type: 'printed' }>;
let nextPrintId = 1;
const pendingPrints = new Map<number, (reply: PrintReply) => void>();

/**
 * Printing through Electron main: the PDF drawn in a hidden window and printed with
 * `webContents.print` to the chosen printer (the core cannot reach Electron itself).
 */
class MainPrintBackend implements PrintBackend {
  readonly kind = 'electron';
  private async request(request: PrintRequest): Promise<PrintReply> {
    const id = nextPrintId++;
    const reply = await new Promise<PrintReply>((resolve) => {
      pendingPrints.set(id, resolve);
      parentPort.postMessage({ type: 'print', id, ...request });
    });
    if (!reply.ok) throw PrintFailed(reply.reason ?? 'printerRefused');
    return reply;
  }
  async printers() {
    return (await this.request({ operation: 'printers' })).printers ?? [];
  }
  async print(pdf: Uint8Array, options: PrintOptions) {
    const pdfBase64 = Buffer.from(pdf).toString('base64');
    const reply = await this.request({ operation: 'print', pdf: pdfBase64, options });
    return { jobId: reply.jobId ?? '' };
  }
}

// Main reports whether safeStorage works here; where it does not (e.g. Linux without a
// keyring), the documented file-based stand-in binds the keyring instead.
const deviceSeal: DeviceSeal =
  argument('seal') === 'safe-storage' ? new SafeStorageSeal() : new FileDeviceSeal();
// Main says how this platform prints: through itself (Windows, macOS) or CUPS (Linux).
const printBackend = argument('print') === 'electron' ? new MainPrintBackend() : undefined;
const core = createCore({
  dataDir: argument('data')!,
  deviceSeal,
  ...(printBackend && { printBackend }),
});

parentPort.on('message', ({ data: message }) => {
  if (message.type === 'printed') {
    pendingPrints.get(message.id)?.(message);
    pendingPrints.delete(message.id);
    return;
  }
  if (message.type === 'sealed') {
    pendingSeals.get(message.id)?.(message);
    pendingSeals.delete(message.id);
    return;
  }
  void core
    .dispatch(message.method, message.input)
    .then((result) => parentPort.postMessage({ type: 'result', id: message.id, result }));
});
parentPort.postMessage({ type: 'ready' });
