/**
 * A type-level test, checked by `tsc --noEmit` (`npm test`'s typecheck) and never run: each
 * `@ts-expect-error` below must stay an error, so a handler can never write through
 * `ctx.store()`; the writable store exists only inside `ctx.transact`. The runtime side (a
 * write that gets past the types still throws) is store-handles.test.ts.
 */
import type { ReadableStore, WritableStore } from '../../db/connection';
import { groups } from '../../db/schema';
import { NoInput } from '../../electron/core/auth/fields';
import { method } from '../../electron/core/registry/method';
import { readOrgSettings } from '../../electron/core/settings/org-settings';

const GROUP = {
  id: 'g1',
  name: 'Күншуақ',
  ageGroup: 'junior',
  language: 'kk',
  createdAt: '2026-11-30T10:00:00.000Z',
} as const;

export const storeHandleTypes = method({
  input: NoInput,
  access: 'signedIn',
  kind: 'write',
  entity: 'group',
  handler: (ctx) => {
    const store = ctx.store();
    // Reads type-check.
    store.db.select().from(groups).all();
    store.sqlite.prepare('SELECT count(*) FROM groups').pluck().get();
    readOrgSettings(store);

    // @ts-expect-error a read handle has no insert
    store.db.insert(groups).values(GROUP).run();
    // @ts-expect-error a read handle has no update
    store.db.update(groups).set({ name: 'x' }).run();
    // @ts-expect-error a read handle has no delete
    store.db.delete(groups).run();
    // @ts-expect-error nor drizzle's raw run
    store.db.run('DELETE FROM groups');
    // @ts-expect-error nor its raw client
    void store.db.$client;
    // @ts-expect-error a statement prepared through a read handle cannot run
    store.sqlite.prepare('DELETE FROM groups').run();
    // @ts-expect-error not even once plucked or bound
    store.sqlite.prepare('DELETE FROM groups').bind().run();
    // @ts-expect-error a read handle has no exec
    store.sqlite.exec('DELETE FROM groups');
    // @ts-expect-error nor transactions of its own
    store.sqlite.transaction(() => undefined);
    // @ts-expect-error a read handle is not a writable store
    const writable: WritableStore = store;
    void writable;

    return ctx.transact(GROUP.id, (tx) => {
      tx.db.insert(groups).values(GROUP).run();
      // A writable store reads too.
      const readable: ReadableStore = tx;
      return readOrgSettings(readable);
    });
  },
});
