/**
 * The protocol pieces the client uses, in one place. Until `protocol.ts` (shared with the
 * emulator) lands these mirror PORTAL-SYNC.md; afterwards they are re-exported from it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const Tokens = z.object({
  deviceId: z.string().min(1).optional(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().int().positive(),
});
export const EnrollResponse = Tokens.extend({ deviceId: z.string().min(1) });

export const ChangeItem = z.object({
  entity: z.string().min(1),
  id: z.string().min(1),
  version: z.number().int().positive(),
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export const ChangesResponse = z.object({
  changes: z.array(ChangeItem),
  cursor: z.string(),
  hasMore: z.boolean(),
});

export const MutationResult = z.object({
  mutationId: z.string(),
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  version: z.number().int().nonnegative().nullish(),
  serverFields: z.record(z.string(), z.unknown()).nullish(),
  problem: z.string().nullish(),
});
export const MutationsResponse = z.object({ results: z.array(MutationResult) });

export const DigestResponse = z.object({
  entities: z.record(z.string(), z.object({ count: z.number().int(), hash: z.string() })),
});
export type Digest = z.infer<typeof DigestResponse>['entities'];

/** SHA-256 hex over `id:version\n` lines in id order (non-deleted rows). */
export function digestOf(rows: { id: string; version: number }[]): { count: number; hash: string } {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (const row of sorted) hash.update(`${row.id}:${row.version}\n`);
  return { count: sorted.length, hash: hash.digest('hex') };
}

export const PATHS = {
  enroll: '/api/v1/devices/enroll',
  refresh: '/api/v1/auth/refresh',
  changes: '/api/v1/changes',
  mutations: '/api/v1/mutations',
  blob: (sha256: string) => `/api/v1/blobs/${sha256}`,
  uploads: '/api/v1/uploads',
  digest: '/api/v1/digest',
};
