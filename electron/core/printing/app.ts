import { method } from '../registry/method';
import { NoInput } from '../auth/fields';

export const printingMethods = {
  'printing.printers': method({
    input: NoInput,
    access: 'contracts.read',
    kind: 'read',
    entity: 'printer',
    handler: async (ctx) => ({
      printers: await ctx.services.printBackend.printers(),
      backend: ctx.services.printBackend.kind,
    }),
  }),
};
