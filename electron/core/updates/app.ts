import { z } from 'zod';
import { method } from '../registry/method';
import { listPreUpdateBackups } from './pre-update-backup';
import { readUpdateUrl, UpdateUrl, writeUpdateUrl } from './update-settings';

export const updateMethods = {
  /** The update server's address (empty: the installer's) and the pre-update backups kept. */
  'updates.settings': method({
    input: z.undefined().or(z.object({}).strict()),
    access: 'settings.manage',
    kind: 'read',
    entity: 'settings',
    handler: (ctx) => ({
      url: readUpdateUrl(ctx.services.dataDir),
      backups: listPreUpdateBackups(ctx.services.dataDir),
    }),
  }),

  /** Points the updater at another server (a district's); empty returns to the built-in one. */
  'updates.setUrl': method({
    input: z.object({ url: UpdateUrl }).strict(),
    access: 'settings.manage',
    kind: 'act',
    entity: 'settings',
    handler: (ctx, { url }) => {
      writeUpdateUrl(ctx.services.dataDir, url);
      ctx.audit(null);
      return { url: readUpdateUrl(ctx.services.dataDir) };
    },
  }),
};
