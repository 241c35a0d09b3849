import { method } from '../registry/method';
import { NoInput } from '../auth/fields';
import { verifyOpenStore } from './verify';

export const maintenanceMethods = {
  'maintenance.verify': method({
    input: NoInput,
    access: 'backup.run',
    kind: 'read',
    entity: 'store',
    handler: (ctx) => verifyOpenStore(ctx.store(), ctx.services.dataDir, ctx.services.dek()),
  }),
};
