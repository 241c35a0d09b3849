import { z } from 'zod';
import { method } from '../registry/method';
import { updateInput } from '../registry/update-input';
import { OrgSettingsView, readOrgSettings, writeOrgSettings } from './org-settings';

export const settingsMethods = {
  'settings.get': method({
    input: z.undefined().or(z.object({}).strict()),
    access: 'signedIn',
    kind: 'read',
    entity: 'settings',
    handler: (ctx) => readOrgSettings(ctx.store()),
  }),

  /** Changes the fields it names and no other. */
  'settings.update': method({
    input: updateInput(OrgSettingsView),
    access: 'settings.manage',
    kind: 'write',
    entity: 'settings',
    handler: (ctx, changes) => {
      const next = ctx.transact('org', (store) => {
        writeOrgSettings(store, { ...readOrgSettings(store), ...changes });
        return readOrgSettings(store);
      });
      ctx.services.idleLockMinutes = next.idleLockMinutes;
      return next;
    },
  }),
};
