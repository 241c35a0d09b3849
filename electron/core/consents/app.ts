import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { method } from '../registry/method';
import { recordConsent } from './consent-record';
import { Id, IsoDate } from '../children/fields';
import { TextLine } from '../text/human-text';
import { consentWithdrawalMethods } from './withdrawal';

export const consentMethods = {
  'consents.record': method({
    input: z
      .object({
        childId: Id,
        representativeId: Id,
        rulesVersion: TextLine(40, 1),
        givenOn: IsoDate,
      })
      .strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'consent',
    handler: (ctx, input) => {
      const id = randomUUID();
      // The consent as stored, as children.get lists it.
      return ctx.transact(input.childId, (store) =>
        recordConsent(store, { id, ...input, recordedBy: ctx.session!.accountId }),
      );
    },
  }),
  ...consentWithdrawalMethods,
};
