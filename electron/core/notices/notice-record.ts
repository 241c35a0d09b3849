import type { Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import type { PortalPull, PullOutcome, RecordType } from '../sync/record-types';

/**
 * A rules-change notice the portal publishes (kk and ru): the portal owns it; the pull is the
 * only code that writes `notices`.
 */

interface NoticeRow {
  publishedOn: string;
  rulesVersion: string;
  titleKk: string;
  titleRu: string;
  bodyKk: string;
  bodyRu: string;
}

function toWire(store: Store, id: string) {
  const notice = statement(
    store,
    `SELECT published_on AS publishedOn, rules_version AS rulesVersion, title_kk AS titleKk,
            title_ru AS titleRu, body_kk AS bodyKk, body_ru AS bodyRu FROM notices WHERE id = ?`,
  ).get(id) as NoticeRow | undefined;
  if (!notice) return null;
  return {
    id,
    fields: {
      publishedOn: notice.publishedOn,
      rulesVersion: notice.rulesVersion,
      title: { kk: notice.titleKk, ru: notice.titleRu },
      body: { kk: notice.bodyKk, ru: notice.bodyRu },
    },
  };
}

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
  toWire: (store: Store, id: string) => toWire(store, id),
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  remove: (store: Store, id: string) => remove(store, id),
} satisfies RecordType;
