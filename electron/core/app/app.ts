import { method } from '../registry/method';
import { NoInput } from '../auth/fields';

export const appMethods = {
  'app.status': method({
    input: NoInput,
    access: 'public',
    kind: 'read',
    entity: 'session',
    handler: (ctx) => ({
      initialized: ctx.services.isInitialized(),
      session: ctx.services.session,
    }),
  }),
};
