import type { RpcResult } from '../../core/api';
import type { PrintOptions } from '../../core/printing/cups';

/** What the core asks main to do with the printer (the desktop app prints through main). */
export type PrintRequest =
  { operation: 'printers' } | { operation: 'print'; pdf: string; options: PrintOptions };

/** Messages between Electron main and the core's utility process (over its parent port). */
export type ToCore =
  | { type: 'invoke'; id: number; method: string; input: unknown }
  | { type: 'sealed'; id: number; ok: boolean; data: string }
  | {
      type: 'printed';
      id: number;
      ok: boolean;
      printers?: string[];
      jobId?: string;
      /** Why it failed, as a `printFailed` reason. */
      reason?: string;
    };

export type FromCore =
  | { type: 'result'; id: number; result: RpcResult }
  | { type: 'seal'; id: number; operation: 'seal' | 'unseal'; data: string }
  | ({ type: 'print'; id: number } & PrintRequest)
  | { type: 'ready' };
