import type { RpcResult } from '../../core/api';

/** Messages between Electron main and the core's utility process (over its parent port). */
export type ToCore =
  | { type: 'invoke'; id: number; method: string; input: unknown }
  | { type: 'sealed'; id: number; ok: boolean; data: string };

export type FromCore =
  | { type: 'result'; id: number; result: RpcResult }
  | { type: 'seal'; id: number; operation: 'seal' | 'unseal'; data: string }
  | { type: 'ready' };
