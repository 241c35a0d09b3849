import { scrypt, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const ScryptParams = z.object({
  salt: z.string().min(16),
  logN: z.number().int().min(14).max(22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof ScryptParams>;

/** Staff passwords: N = 2^17, r = 8 (128 MiB, a few hundred ms) — ARCHITECTURE §3. */
export const PASSWORD_COST = { logN: 17, r: 8, p: 1 } as const;
/** The recovery key already carries 160 random bits; a lighter KDF suffices. */
export const RECOVERY_COST = { logN: 15, r: 8, p: 1 } as const;

export function newScryptParams(cost: { logN: number; r: number; p: number }): ScryptParams {
  return { salt: randomBytes(16).toString('base64'), ...cost };
}

export function deriveKey(secret: string, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const maxmem = 256 * N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFKC'),
      Buffer.from(params.salt, 'base64'),
      32,
      { N, r: params.r, p: params.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}
