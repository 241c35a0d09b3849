import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { method } from '../registry/method';
import { checkBackupTarget, createBackup } from './backup';

export const backupMethods = {
  'backup.create': method({
    input: z
      .object({
        outPath: z.string().min(1).max(1000).refine(isAbsolute),
        /** Replace an existing file (never a folder, never anything inside the data folder). */
        force: z.boolean().optional(),
      })
      .strict(),
    access: 'backup.run',
    kind: 'act',
    entity: 'backup',
    handler: async (ctx, { outPath, force = false }) => {
      const { dataDir, keyring } = ctx.services;
      // A refused target changes nothing; an accepted one is audited before anything is
      // copied: a backup copies everything, so the attempt itself is recorded.
      checkBackupTarget(dataDir, outPath, force);
      ctx.audit(null);
      return createBackup(ctx.store(), dataDir, keyring, {
        outPath,
        force,
        dek: ctx.services.dek(),
      });
    },
  }),
};
