import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { method } from '../registry/method';
import { NoInput } from '../auth/fields';
import { createBackup } from './backup';
import { verifyOpenStore } from './verify';

export const maintenanceMethods = {
  'maintenance.verify': method({
    input: NoInput,
    access: 'backup.run',
    kind: 'read',
    entity: 'store',
    handler: (ctx) => verifyOpenStore(ctx.store(), ctx.services.dataDir, ctx.services.dek()),
  }),

  'backup.create': method({
    input: z.object({ outPath: z.string().min(1).max(1000).refine(isAbsolute) }).strict(),
    access: 'backup.run',
    kind: 'write',
    entity: 'backup',
    handler: async (ctx, { outPath }) => {
      // Audited first: a backup copies everything, so the attempt itself is recorded.
      ctx.transact(null, () => undefined);
      return createBackup(ctx.store(), ctx.services.dataDir, ctx.services.keyring, outPath);
    },
  }),
};
