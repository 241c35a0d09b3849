import { z } from 'zod';
import { method } from '../registry/method';
import { OrgSettings, readOrgSettings, writeOrgSettings } from './org-settings';

export const settingsMethods = {
  'settings.get': method({
    input: z.undefined().or(z.object({}).strict()),
    access: 'signedIn',
    kind: 'read',
    entity: 'settings',
    handler: (ctx) => readOrgSettings(ctx.store()),
  }),

  'settings.update': method({
    input: OrgSettings.partial().strict(),
    access: 'settings.manage',
    kind: 'write',
    entity: 'settings',
    handler: (ctx, changes) => {
      const next = ctx.transact('org', (store) => {
        const merged = { ...readOrgSettings(store), ...changes };
        writeOrgSettings(store, merged);
        return merged;
      });
      ctx.services.idleLockMinutes = next.idleLockMinutes;
      return next;
    },
  }),
};
