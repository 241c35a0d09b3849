import { asc, desc } from 'drizzle-orm';
import { notices } from '../../../db/schema';
import { method } from '../registry/method';
import { NoInput } from '../auth/fields';

export const noticeMethods = {
  /** Rule-change notices from the portal, newest first. */
  'notices.list': method({
    input: NoInput,
    access: 'signedIn',
    kind: 'read',
    entity: 'notice',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(notices)
        .orderBy(desc(notices.publishedOn), asc(notices.id))
        .all()
        .map((n) => ({
          id: n.id,
          publishedOn: n.publishedOn,
          rulesVersion: n.rulesVersion,
          title: { kk: n.titleKk, ru: n.titleRu },
          body: { kk: n.bodyKk, ru: n.bodyRu },
        })),
  }),
};
