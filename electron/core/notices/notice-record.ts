import type { Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import type { PortalPull, PullOutcome, RecordType } from '../sync/record-types';

/**
 * A rules-change notice the portal publishes (kk and ru): the portal owns it; the pull is the
 * only code that writes `notices`.
 */

const text = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === 'string' ? data[key] : '';

function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data } = pull;
  const title = (data.title ?? {}) as Record<string, unknown>;
  const body = (data.body ?? {}) as Record<string, unknown>;
  statement(
    store,
    `INSERT INTO notices (id, published_on, rules_version, title_kk, title_ru, body_kk, body_ru)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET published_on = excluded.published_on,
       rules_version = excluded.rules_version, title_kk = excluded.title_kk,
       title_ru = excluded.title_ru, body_kk = excluded.body_kk, body_ru = excluded.body_ru`,
  ).run(
    pull.id,
    text(data, 'publishedOn'),
    text(data, 'rulesVersion'),
    text(title, 'kk'),
    text(title, 'ru'),
    text(body, 'kk'),
    text(body, 'ru'),
  );
  return { applied: true, fields: [] };
}

function remove(store: Store, id: string): void {
  statement(store, 'DELETE FROM notices WHERE id = ?').run(id);
}

export const noticeRecord = {
  entity: 'notice',
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  remove: (store: Store, id: string) => remove(store, id),
} satisfies RecordType;
