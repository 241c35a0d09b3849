/**
 * The sync client's own rules, each against a real loopback HTTP server that answers as
 * scripted: a malformed answer applies nothing, Retry-After is honoured, a 401 refreshes the
 * tokens once, backoff is full jitter and capped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/connection';
import { syncConnection, syncState } from '../../db/schema';
import { SyncClient } from '../../electron/core/sync/client';
import { digestDifference } from '../../electron/core/sync/digest';
import { digestOf } from '../../electron/core/sync/protocol';
import { SyncError, backoffDelay } from '../../electron/core/sync/transport';
import { recordChange } from '../../electron/core/sync/outbox';
import { verifyAuditChain } from '../../electron/core/audit/audit-log';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';

type Reply = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const root = tempFolder();
let server: Server | undefined;
let store: Store | undefined;

afterEach(() => {
  server?.close();
  store?.close();
});

async function portal(replies: Reply[]): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url?.split('?')[0]} ${req.headers.authorization ?? ''}`);
      const reply = replies.shift();
      if (!reply) {
        res.writeHead(500).end();
        return;
      }
      reply(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json =
  (status: number, value: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };

const EMPTY_PAGE = json(200, { changes: [], cursor: '7', hasMore: false });

/** A push reply answering each mutation of the request with `result(its id)`. */
const answer =
  (result: (mutationId: string) => Record<string, unknown>): Reply =>
  (req, res, body) => {
    const { mutations } = JSON.parse(body) as { mutations: { mutationId: string }[] };
    json(200, { results: mutations.map((m) => result(m.mutationId)) })(req, res, body);
  };

function enrolledStore(url: string): Store {
  store = openStore({ path: join(root, `${Math.random()}.db`), key: randomBytes(32) });
  store.db
    .insert(syncConnection)
    .values({
      id: 1,
      portalUrl: url,
      organizationBin: '150440001236',
      deviceId: 'device-1',
      accessToken: 'old-access',
      refreshToken: 'refresh-1',
      accessExpiresAt: new Date().toISOString(),
      enrolledAt: new Date().toISOString(),
    })
    .run();
  return store;
}

function client(s: Store, sleeps: number[] = []) {
  return new SyncClient({
    store: () => s,
    dataDir: root,
    timeoutMs: 2000,
    attempts: 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe('sync client rules', () => {
  it('a response that does not match the protocol is an error and applies nothing', async () => {
    const badPage = json(200, {
      changes: [
        {
          entity: 'referral',
          id: '10000000-0000-4000-8000-000000000001',
          version: 1,
          deleted: false,
          data: {
            number: 'N1',
            issuedOn: '2026-01-01',
            validUntil: '2026-12-31',
            ageGroup: 'senior',
            status: 'issued',
            childId: '20000000-0000-4000-8000-000000000001',
            organizationBin: '150440001236',
          },
        },
        {
          entity: 'child',
          id: '20000000-0000-4000-8000-000000000001',
          version: 1,
          deleted: false,
          data: { iin: 'not an iin' },
        },
      ],
      cursor: '2',
      hasMore: false,
    });
    const { url } = await portal([badPage, badPage, badPage]);
    const s = enrolledStore(url);
    const sync = client(s);
    const states: string[] = [];
    sync.on('state', (state: { phase: string }) => states.push(state.phase));
    await expect(sync.run()).rejects.toMatchObject({ reason: 'invalidResponse' });
    expect(s.sqlite.prepare('SELECT count(*) FROM referrals').pluck().get()).toBe(0);
    expect(s.sqlite.prepare('SELECT count(*) FROM sync_versions').pluck().get()).toBe(0);
    expect(s.db.select().from(syncState).get()?.cursor ?? null).toBeNull();
    expect(sync.status()).toMatchObject({ phase: 'error', reason: 'invalidResponse' });
    expect(states).toContain('pulling');
  });

  it('a push answer that leaves a mutation unanswered is applied to none of them', async () => {
    const { url } = await portal([EMPTY_PAGE, json(200, { results: [] })]);
    const s = enrolledStore(url);
    const now = new Date().toISOString();
    recordChange(
      s,
      {
        entity: 'child',
        id: '20000000-0000-4000-8000-000000000009',
        fields: { actualAddress: 'x' },
      },
      now,
    );
    await expect(client(s).run()).rejects.toMatchObject({ reason: 'invalidResponse' });
    expect(s.sqlite.prepare('SELECT status FROM sync_outbox').pluck().all()).toEqual(['pending']);
  });

  it('honours Retry-After on 429 and 503, then goes on', async () => {
    const { url } = await portal([
      json(429, { type: 'about:blank', title: 'slow down', status: 429 }, { 'retry-after': '2' }),
      json(503, { type: 'about:blank', title: 'busy', status: 503 }, { 'retry-after': '1' }),
      EMPTY_PAGE,
    ]);
    const sleeps: number[] = [];
    const s = enrolledStore(url);
    await client(s, sleeps).run();
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1000);
    expect(s.db.select().from(syncState).get()?.cursor).toBe('7');
  });

  it('a 401 refreshes the tokens once and repeats the request with the new one', async () => {
    const tokens = {
      deviceId: 'device-1',
      accessToken: 'new-access',
      refreshToken: 'refresh-1',
      expiresIn: 900,
    };
    const { url, seen } = await portal([
      json(401, { type: 'about:blank', title: 'expired', status: 401 }),
      json(200, tokens),
      EMPTY_PAGE,
    ]);
    const s = enrolledStore(url);
    await client(s).run();
    expect(seen).toEqual([
      'GET /api/v1/changes Bearer old-access',
      'POST /api/v1/auth/refresh ',
      'GET /api/v1/changes Bearer new-access',
    ]);
    expect(s.db.select().from(syncConnection).get()?.accessToken).toBe('new-access');
  });

  it('a refused refresh is `unauthorized`, not a loop', async () => {
    const problem = json(401, { type: 'about:blank', title: 'expired', status: 401 });
    const { url, seen } = await portal([problem, problem, problem, problem]);
    const s = enrolledStore(url);
    await expect(client(s).run()).rejects.toMatchObject({ reason: 'unauthorized' });
    expect(seen).toHaveLength(2);
  });

  it('an unreachable portal is `offline` and leaves the outbox as it was', async () => {
    const { url } = await portal([]);
    server!.close();
    const s = enrolledStore(url);
    recordChange(
      s,
      {
        entity: 'child',
        id: '20000000-0000-4000-8000-000000000001',
        fields: { actualAddress: 'a' },
      },
      new Date().toISOString(),
    );
    const sync = client(s);
    const error = await sync.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).reason).toBe('offline');
    expect(sync.status()).toMatchObject({ phase: 'offline', pending: 1, reason: 'offline' });
  });

  it('an upload Location on another origin is refused: neither the token nor the bytes go there', async () => {
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.headers.authorization ?? ''}`);
      res.writeHead(204, { 'tus-resumable': '1.0.0', 'upload-offset': '4' }).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const { url } = await portal([
        (_req, res) => res.writeHead(201, { location: `${otherUrl}/api/v1/uploads/u1` }).end(),
      ]);
      const s = enrolledStore(url);
      const error = await client(s)
        .uploadBlob('a'.repeat(64), Buffer.from('scan'))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'invalidResponse' });
      expect(elsewhere).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('an upload whose PATCH is refused again after a refresh stops as `unauthorized`', async () => {
    const tokens = json(200, {
      deviceId: 'device-1',
      accessToken: 'new-access',
      refreshToken: 'refresh-1',
      expiresIn: 900,
    });
    const refused = json(401, { type: 'about:blank', title: 'expired', status: 401 });
    const { url, seen } = await portal([
      (_req, res) => res.writeHead(201, { location: '/api/v1/uploads/u1' }).end(),
      refused,
      tokens,
      refused,
      tokens,
      refused,
      tokens,
      refused,
    ]);
    const s = enrolledStore(url);
    const error = await client(s)
      .uploadBlob('a'.repeat(64), Buffer.from('scan'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unauthorized' });
    expect(seen.filter((line) => line.startsWith('POST /api/v1/auth/refresh'))).toHaveLength(1);
  });

  describe('a conflict answer', () => {
    const CHILD = {
      iin: '200101600008',
      lastName: 'Ахметова',
      firstName: 'Айгерім',
      patronymic: null,
      birthDate: '2020-01-01',
      sex: 'female',
      citizenship: 'KZ',
      registeredAddress: 'old registered',
      status: 'referred',
      groupName: null,
      actualAddress: 'old actual',
      enrolledOn: null,
      leftOn: null,
    };
    const page = (version: number, data: Record<string, unknown>, cursor: string) =>
      json(200, {
        changes: [
          {
            entity: 'child',
            id: '20000000-0000-4000-8000-000000000001',
            version,
            deleted: false,
            data,
          },
        ],
        cursor,
        hasMore: false,
      });

    /** A child pulled at version 3, then edited here (actualAddress) and queued. */
    async function editedChild(replies: Reply[]) {
      const { url, seen } = await portal([page(3, CHILD, '1'), ...replies]);
      const s = enrolledStore(url);
      const sync = client(s);
      await sync.run();
      s.sqlite
        .prepare(
          "UPDATE children SET actual_address = 'mine' WHERE id = '20000000-0000-4000-8000-000000000001'",
        )
        .run();
      const mutationId = recordChange(
        s,
        {
          entity: 'child',
          id: '20000000-0000-4000-8000-000000000001',
          fields: { actualAddress: 'mine' },
        },
        new Date().toISOString(),
      );
      const row = () =>
        s.sqlite
          .prepare('SELECT actual_address AS a, registered_address AS r FROM children')
          .get() as { a: string; r: string };
      return { s, sync, mutationId, seen, row };
    }

    it('resent and answered `duplicate` is still a conflict, not an override of the local value', async () => {
      let mutationId = '';
      const { s, sync, row } = await editedChild([
        EMPTY_PAGE,
        (_req, res, body) => {
          mutationId = (JSON.parse(body) as { mutations: { mutationId: string }[] }).mutations[0]!
            .mutationId;
          json(200, {
            results: [
              {
                mutationId,
                status: 'duplicate',
                version: 4,
                serverFields: { actualAddress: 'portal' },
                conflictFields: ['actualAddress'],
              },
            ],
          })(_req, res, body);
        },
        page(4, { ...CHILD, actualAddress: 'portal' }, '8'),
      ]);
      await sync.run();
      expect(row().a).toBe('mine');
      expect(
        s.sqlite
          .prepare('SELECT field, local_value AS l, server_value AS v FROM sync_conflicts')
          .all(),
      ).toEqual([{ field: 'actualAddress', l: '"mine"', v: '"portal"' }]);
    });

    it('a conflict field the portal names but this change never carried is ignored; later pushes go on', async () => {
      const { s, sync } = await editedChild([
        EMPTY_PAGE,
        answer((mutationId) => ({
          mutationId,
          status: 'conflict',
          version: 4,
          serverFields: { actualAddress: 'portal' },
          conflictFields: ['actualAddress', 'x"y', 'registeredAddress'],
        })),
        page(4, { ...CHILD, actualAddress: 'portal' }, '8'),
        // Nothing new since the last page: the same cursor (a decimal cursor never goes back).
        json(200, { changes: [], cursor: '8', hasMore: false }),
        answer((mutationId) => ({ mutationId, status: 'applied', version: 5 })),
      ]);
      await sync.run();
      expect(s.sqlite.prepare('SELECT field FROM sync_conflicts').pluck().all()).toEqual([
        'actualAddress',
      ]);
      recordChange(
        s,
        {
          entity: 'child',
          id: '20000000-0000-4000-8000-000000000001',
          fields: { registeredAddress: 'new registered' },
        },
        new Date().toISOString(),
      );
      expect((await sync.run()).pushed).toBe(1);
    });

    it('on baseVersion + 1 pulls that version: the portal changed other fields with it', async () => {
      const { sync, row, seen } = await editedChild([
        EMPTY_PAGE,
        answer((mutationId) => ({
          mutationId,
          status: 'conflict',
          version: 4,
          serverFields: { actualAddress: 'portal' },
          conflictFields: ['actualAddress'],
        })),
        page(4, { ...CHILD, registeredAddress: 'new registered', actualAddress: 'portal' }, '8'),
      ]);
      await sync.run();
      expect(seen.filter((line) => line.startsWith('GET /api/v1/changes'))).toHaveLength(3);
      // The portal's other change arrives; the conflicting field waits for a person.
      expect(row()).toEqual({ a: 'mine', r: 'new registered' });
    });
  });

  it('a file kept here before its referral arrived is linked by IIN: its queued creation goes to the portal id, its unsent fields stay', async () => {
    const child = (status: string, groupName: string | null) => ({
      iin: '200101600008',
      lastName: 'Ахметова',
      firstName: 'Айгерім',
      patronymic: null,
      birthDate: '2020-01-01',
      sex: 'female',
      citizenship: 'KZ',
      registeredAddress: null,
      status,
      groupName,
      actualAddress: 'here',
      enrolledOn: null,
      leftOn: null,
    });
    let pushed: { id: string; fields: Record<string, unknown> }[] = [];
    const { url } = await portal([
      json(200, {
        changes: [
          {
            entity: 'child',
            id: '40000000-0000-4000-8000-000000000001',
            version: 1,
            deleted: false,
            data: child('enrolled', null),
          },
        ],
        cursor: '1',
        hasMore: false,
      }),
      json(200, {
        changes: [
          {
            entity: 'child',
            id: '50000000-0000-4000-8000-000000000001',
            version: 2,
            deleted: false,
            data: child('referred', null),
          },
        ],
        cursor: '2',
        hasMore: false,
      }),
      (_req, res, body) => {
        const { mutations } = JSON.parse(body) as {
          mutations: { mutationId: string; id: string; fields: Record<string, unknown> }[];
        };
        pushed = mutations;
        json(200, {
          results: mutations.map((m) => ({
            mutationId: m.mutationId,
            status: 'applied',
            version: 3,
          })),
        })(_req, res, body);
      },
      EMPTY_PAGE,
    ]);
    const s = enrolledStore(url);
    const sync = client(s);
    // A file kept here, unknown to the portal, with its creation queued.
    await sync.run();
    s.sqlite.prepare('DELETE FROM sync_versions').run();
    recordChange(
      s,
      {
        entity: 'child',
        id: '40000000-0000-4000-8000-000000000001',
        fields: child('enrolled', null),
      },
      new Date().toISOString(),
    );
    await sync.run().catch(() => undefined);
    expect(s.sqlite.prepare('SELECT id, status FROM children').all()).toEqual([
      { id: '40000000-0000-4000-8000-000000000001', status: 'enrolled' },
    ]);
    expect(pushed.map((m) => m.id)).toEqual(['50000000-0000-4000-8000-000000000001']);
  });

  it('a page that says hasMore without moving the cursor is a cursorLoop, not an endless pull', async () => {
    const stuck = json(200, {
      changes: [
        {
          entity: 'notice',
          id: '30000000-0000-4000-8000-000000000001',
          version: 1,
          deleted: true,
          data: null,
        },
      ],
      cursor: '5',
      hasMore: true,
    });
    const { url, seen } = await portal(Array.from({ length: 8 }, () => stuck));
    const s = enrolledStore(url);
    await expect(client(s).run()).rejects.toMatchObject({ reason: 'cursorLoop', transient: false });
    expect(seen.length).toBeLessThanOrEqual(2);
  });

  it('a page that cannot be written here is `applyFailed` (not transient): nothing of it applied, the cursor stays', async () => {
    const notice = (id: string) => ({
      entity: 'notice',
      id,
      version: 1,
      deleted: false,
      data: {
        publishedOn: '2026-01-01',
        rulesVersion: '1',
        title: { kk: 't', ru: 't' },
        body: { kk: 'b', ru: 'b' },
      },
    });
    const page = json(200, {
      changes: [
        notice('30000000-0000-4000-8000-000000000001'),
        notice('30000000-0000-4000-8000-000000000002'),
      ],
      cursor: '9',
      hasMore: false,
    });
    const { url, seen } = await portal([page, page, page]);
    const s = enrolledStore(url);
    s.sqlite.prepare("INSERT INTO sync_state (id, cursor) VALUES (1, '4')").run();
    // A constraint this store enforces and the portal's data breaks.
    s.sqlite
      .prepare(
        `CREATE TRIGGER no_n2 BEFORE INSERT ON notices WHEN NEW.id = '30000000-0000-4000-8000-000000000002'
         BEGIN SELECT RAISE(ABORT, 'constraint failed'); END`,
      )
      .run();
    const sync = client(s);
    const error = await sync.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ reason: 'applyFailed', transient: false });
    // Asked once: not retried within the run.
    expect(seen.filter((line) => line.startsWith('GET'))).toHaveLength(1);
    expect(s.sqlite.prepare('SELECT count(*) FROM notices').pluck().get()).toBe(0);
    expect(s.sqlite.prepare('SELECT count(*) FROM sync_versions').pluck().get()).toBe(0);
    expect(s.sqlite.prepare('SELECT cursor FROM sync_state').pluck().get()).toBe('4');
    expect(sync.status()).toMatchObject({ phase: 'error', reason: 'applyFailed' });
  });

  it('each applied page and each push answer is an audit row (the system as actor, counts only) in its transaction', async () => {
    const { url } = await portal([
      json(200, {
        changes: [
          {
            entity: 'notice',
            id: '30000000-0000-4000-8000-000000000001',
            version: 1,
            deleted: false,
            data: {
              publishedOn: '2026-01-01',
              rulesVersion: '1',
              title: { kk: 't', ru: 't' },
              body: { kk: 'b', ru: 'b' },
            },
          },
          {
            entity: 'referral',
            id: '10000000-0000-4000-8000-000000000001',
            version: 1,
            deleted: true,
            data: null,
          },
        ],
        cursor: '2',
        hasMore: false,
      }),
      answer((mutationId) => ({ mutationId, status: 'applied', version: 1 })),
      EMPTY_PAGE,
    ]);
    const s = enrolledStore(url);
    recordChange(
      s,
      {
        entity: 'referral',
        id: '10000000-0000-4000-8000-000000000002',
        fields: { status: 'accepted' },
      },
      new Date().toISOString(),
    );
    await client(s).run();
    expect(
      s.sqlite
        .prepare('SELECT actor_id AS actorId, action, entity, entity_id AS entityId FROM audit_log')
        .all(),
    ).toEqual([
      { actorId: null, action: 'sync.pull', entity: 'sync', entityId: 'notice:1 referral:1' },
      { actorId: null, action: 'sync.push', entity: 'sync', entityId: 'applied:1' },
    ]);
    expect(verifyAuditChain(s)).toEqual([]);
  });

  it('a cursor back to a place this run has been (a ping-pong) is a cursorLoop: that page is not applied', async () => {
    const page = (id: string, cursor: string) =>
      json(200, {
        changes: [{ entity: 'notice', id, version: 1, deleted: true, data: null }],
        cursor,
        hasMore: true,
      });
    // Opaque cursors: a → b → a again.
    const { url, seen } = await portal([
      page('30000000-0000-4000-8000-000000000001', 'a'),
      page('30000000-0000-4000-8000-000000000002', 'b'),
      page('30000000-0000-4000-8000-000000000003', 'a'),
    ]);
    const s = enrolledStore(url);
    await expect(client(s).run()).rejects.toMatchObject({ reason: 'cursorLoop', transient: false });
    expect(seen).toHaveLength(3);
    expect(s.db.select().from(syncState).get()?.cursor).toBe('b');
    const pulled = s.sqlite.prepare('SELECT entity_id FROM sync_versions ORDER BY 1').pluck().all();
    expect(pulled).toEqual([
      '30000000-0000-4000-8000-000000000001',
      '30000000-0000-4000-8000-000000000002',
    ]);
  });

  it('a decimal cursor that goes back is a cursorLoop even the first time it is seen', async () => {
    const { url } = await portal([
      json(200, {
        changes: [
          {
            entity: 'notice',
            id: '30000000-0000-4000-8000-000000000001',
            version: 1,
            deleted: true,
            data: null,
          },
        ],
        cursor: '3',
        hasMore: false,
      }),
    ]);
    const s = enrolledStore(url);
    s.db.insert(syncState).values({ id: 1, cursor: '40' }).run();
    await expect(client(s).run()).rejects.toMatchObject({ reason: 'cursorLoop' });
    expect(s.db.select().from(syncState).get()?.cursor).toBe('40');
    expect(s.sqlite.prepare('SELECT count(*) FROM sync_versions').pluck().get()).toBe(0);
  });

  it('a run asks for at most maxPages pages (pageLimit); what arrived is kept for the next run', async () => {
    const pages = Array.from({ length: 10 }, (_, i) =>
      json(200, {
        changes: [
          {
            entity: 'notice',
            id: `30000000-0000-4000-8000-00000000001${i}`,
            version: 1,
            deleted: true,
            data: null,
          },
        ],
        cursor: String(i + 1),
        hasMore: true,
      }),
    );
    const { url, seen } = await portal(pages);
    const s = enrolledStore(url);
    const sync = new SyncClient({ store: () => s, dataDir: root, maxPages: 3, attempts: 1 });
    await expect(sync.run()).rejects.toMatchObject({ reason: 'pageLimit' });
    expect(seen).toHaveLength(3);
    expect(s.db.select().from(syncState).get()?.cursor).toBe('3');
    expect(sync.status()).toMatchObject({ phase: 'error', reason: 'pageLimit' });
  });

  it('a body over the size limit is refused while it arrives (no Content-Length), not parsed or retried', async () => {
    const big: Reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"changes":[],"cursor":"1","hasMore":false,"pad":"');
      for (let i = 0; i < 64; i++) res.write('x'.repeat(1024));
      res.end('"}');
    };
    const { url, seen } = await portal([big, big, big]);
    const s = enrolledStore(url);
    const sync = new SyncClient({
      store: () => s,
      dataDir: root,
      maxResponseBytes: 16 * 1024,
      sleep: async () => undefined,
    });
    await expect(sync.run()).rejects.toMatchObject({ reason: 'tooLarge', transient: false });
    expect(seen).toHaveLength(1);
    expect(s.db.select().from(syncState).get()?.cursor ?? null).toBeNull();
  });

  it('backoff is full jitter below an exponential ceiling, capped', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(30_000, 250 * 2 ** attempt);
      expect(backoffDelay(attempt, 250, 30_000, () => 0)).toBe(0);
      expect(backoffDelay(attempt, 250, 30_000, () => 0.999999)).toBe(ceiling - 1);
      const sample = backoffDelay(attempt, 250, 30_000);
      expect(sample).toBeGreaterThanOrEqual(0);
      expect(sample).toBeLessThan(ceiling);
    }
  });

  it('digests: equal sides converge, an entity empty on one side counts as equal, any difference is named', () => {
    const rows = [
      { id: 'b', version: 2 },
      { id: 'a', version: 1 },
    ];
    const empty = digestOf([]);
    expect(digestOf(rows)).toEqual(digestOf([...rows].reverse()));
    expect(
      digestDifference({ child: digestOf(rows) }, { child: digestOf(rows), notice: empty }),
    ).toEqual([]);
    expect(
      digestDifference(
        { child: digestOf(rows) },
        { child: digestOf([rows[0]!, { id: 'a', version: 2 }]) },
      ),
    ).toEqual(['child']);
    expect(digestDifference({}, { referral: digestOf(rows) })).toEqual(['referral']);
  });
});

describe('conflict inbox', () => {
  it('listing conflicts (personal data on both sides) is an audited read', async () => {
    const { core } = await newStore(root, 'conflicts');
    try {
      core.services
        .store()
        .sqlite.prepare(
          `INSERT INTO sync_conflicts (id, mutation_id, entity, entity_id, field, local_value,
             server_value, server_version, created_at)
           VALUES ('k1', 'm1', 'health', '20000000-0000-4000-8000-000000000001', 'disability', '"yes"', '"no"', 2, ?)`,
        )
        .run(new Date().toISOString());
      expect(await core.call('conflicts.list', {})).toHaveLength(1);
      const audit = await core.call('audit.list', { limit: 5 });
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'conflicts.list', entityId: 'k1' }),
      );
    } finally {
      core.close();
    }
  });
  it('taking the portal value writes a health summary; for a contract it is refused and not offered', async () => {
    const { core } = await newStore(root, 'conflicts-server');
    try {
      const { sqlite } = core.services.store();
      const now = new Date().toISOString();
      sqlite
        .prepare(
          `INSERT INTO children (id, iin, last_name, first_name, birth_date, sex, citizenship,
             status, created_at, updated_at)
           VALUES ('20000000-0000-4000-8000-000000000001', '200101500123', 'А', 'Б', '2020-01-01', 'female', 'KZ', 'enrolled', ?, ?)`,
        )
        .run(now, now);
      sqlite
        .prepare(
          "INSERT INTO health_passports (child_id, health_group, disability, updated_at) VALUES ('20000000-0000-4000-8000-000000000001', 'I', 'yes', ?)",
        )
        .run(now);
      const conflict = sqlite.prepare(
        `INSERT INTO sync_conflicts (id, mutation_id, entity, entity_id, field, local_value,
           server_value, server_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 2, ?)`,
      );
      conflict.run(
        '01890a5d-ac96-774b-bcce-b302099a8057',
        'm1',
        'health',
        '20000000-0000-4000-8000-000000000001',
        'disability',
        '"yes"',
        '"no"',
        now,
      );
      conflict.run(
        '01890a5d-ac96-774b-bcce-b302099a8058',
        'm2',
        'contract',
        'ct1',
        'status',
        '"signed"',
        '"terminated"',
        now,
      );
      const listed = (await core.call('conflicts.list', {})) as {
        id: string;
        serverChoice: boolean;
      }[];
      expect(listed.map((c) => [c.id, c.serverChoice])).toEqual([
        ['01890a5d-ac96-774b-bcce-b302099a8057', true],
        ['01890a5d-ac96-774b-bcce-b302099a8058', false],
      ]);

      await core.call('conflicts.resolve', {
        conflictId: '01890a5d-ac96-774b-bcce-b302099a8057',
        choice: 'server',
      });
      expect(
        sqlite
          .prepare(
            "SELECT disability FROM health_passports WHERE child_id = '20000000-0000-4000-8000-000000000001'",
          )
          .get(),
      ).toEqual({ disability: 'no' });

      await expect(
        core.call('conflicts.resolve', {
          conflictId: '01890a5d-ac96-774b-bcce-b302099a8058',
          choice: 'server',
        }),
      ).rejects.toMatchObject({ code: 'conflictPortalValueUnavailable' });
      expect(
        sqlite
          .prepare(
            "SELECT status FROM sync_conflicts WHERE id = '01890a5d-ac96-774b-bcce-b302099a8058'",
          )
          .get(),
      ).toEqual({
        status: 'open',
      });
      // Keeping ours still works.
      await core.call('conflicts.resolve', {
        conflictId: '01890a5d-ac96-774b-bcce-b302099a8058',
        choice: 'local',
      });
      expect(
        sqlite
          .prepare(
            "SELECT status FROM sync_conflicts WHERE id = '01890a5d-ac96-774b-bcce-b302099a8058'",
          )
          .get(),
      ).toEqual({
        status: 'resolved',
      });
    } finally {
      core.close();
    }
  });
});
