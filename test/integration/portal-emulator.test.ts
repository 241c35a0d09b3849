/**
 * The portal emulator on its own, over real HTTP on loopback (in-process, and once as its own
 * process through `npm run portal`'s entry): enrolment, tokens, the changes feed, exactly-once
 * mutations, conflict rules, resumable uploads, digest, and every fault kind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangesResponse,
  DigestResponse,
  MutationsResponse,
  Problem,
  TokenResponse,
  contentHashOf,
  digestOf,
  uploadMetadataFor,
  type Change,
  type Mutation,
} from '../../electron/core/sync/protocol';
import { uuidv7 } from '../../electron/core/sync/outbox';
import { makeBin } from '../portal-emulator/seed';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { startPortalEmulator, type PortalEmulator } from '../portal-emulator/server';

let portal: PortalEmulator;
const BIN = makeBin(101);

beforeAll(async () => {
  portal = await startPortalEmulator({ seed: 6 });
});
afterAll(async () => {
  await portal.close();
});
afterEach(() => {
  portal.faults.clear();
});

interface Session {
  deviceId: string;
  accessToken: string;
  refreshToken: string;
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${portal.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function get(path: string, token: string): Promise<Response> {
  return fetch(`${portal.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function enroll(bin = BIN, code = portal.enrollmentCode): Promise<Session> {
  const res = await post('/api/v1/devices/enroll', {
    organizationBin: bin,
    enrollmentCode: code,
    deviceName: 'test device',
  });
  expect(res.status).toBe(200);
  return TokenResponse.parse(await res.json());
}

async function pullAll(session: Session, since = '', limit = 1000) {
  const changes: Change[] = [];
  let cursor = since;
  let pages = 0;
  for (;;) {
    const res = await get(`/api/v1/changes?since=${cursor}&limit=${limit}`, session.accessToken);
    expect(res.status).toBe(200);
    const page = ChangesResponse.parse(await res.json());
    pages++;
    changes.push(...page.changes);
    if (page.changes.length) expect(Number(page.cursor)).toBeGreaterThan(Number(cursor || 0));
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { changes, cursor, pages };
}

function mutation(partial: Partial<Mutation> & Pick<Mutation, 'entity' | 'id'>): Mutation {
  return {
    mutationId: uuidv7(),
    baseVersion: 0,
    op: 'upsert',
    fields: {},
    at: new Date().toISOString(),
    ...partial,
  };
}

async function push(session: Session, mutations: Mutation[]) {
  const res = await post(
    '/api/v1/mutations',
    { deviceId: session.deviceId, mutations },
    session.accessToken,
  );
  expect(res.status).toBe(200);
  return MutationsResponse.parse(await res.json()).results;
}

const NEW_CHILD = {
  iin: '210315600017',
  lastName: 'Сейітқали',
  firstName: 'Айару',
  patronymic: null,
  birthDate: '2021-03-15',
  sex: 'female',
  citizenship: 'KZ',
  registeredAddress: null,
  status: 'enrolled',
  groupName: 'Балапан',
  actualAddress: null,
  enrolledOn: '2026-09-01',
  leftOn: null,
} as const;

describe('enrolment and tokens', () => {
  it('binds the code to the first BIN, seeds it, and refuses other BINs and unknown codes', async () => {
    const session = await enroll();
    expect(session.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await enroll();
    expect(again.deviceId).not.toBe(session.deviceId);

    const other = await post('/api/v1/devices/enroll', {
      organizationBin: makeBin(202),
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'x',
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(Problem.parse(await other.json()).status).toBe(403);

    const unknown = await post('/api/v1/devices/enroll', {
      organizationBin: BIN,
      enrollmentCode: 'NO-SUCH-CODE',
      deviceName: 'x',
    });
    expect(unknown.status).toBe(403);
    const bad = await post('/api/v1/devices/enroll', { organizationBin: '123' });
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).detail).toContain('organizationBin');

    const counts = portal.store.counts(BIN);
    expect(counts).toMatchObject({ referral: 6, child: 6, notice: 2 });
    expect(counts.representative).toBeGreaterThanOrEqual(6);
    expect(counts.representative).toBeLessThanOrEqual(12);
  });

  it('refuses expired access tokens and refreshes with the refresh token', async () => {
    const session = await enroll();
    expect((await get('/api/v1/digest', session.accessToken)).status).toBe(200);
    portal.expireAccessTokens();
    const expired = await get('/api/v1/digest', session.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer');

    const refreshed = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const tokens = TokenResponse.parse(await refreshed.json());
    expect(tokens.accessToken).not.toBe(session.accessToken);
    expect(tokens.refreshToken).toBe(session.refreshToken);
    expect((await get('/api/v1/digest', tokens.accessToken)).status).toBe(200);

    const unknown = await post('/api/v1/auth/refresh', { refreshToken: 'nope' });
    expect(unknown.status).toBe(401);
    expect((await get('/api/v1/digest', 'garbage')).status).toBe(401);
  });
});

describe('changes feed', () => {
  it('pages by cursor through every seeded entity, valid by the shared schemas', async () => {
    const session = await enroll();
    const small = await pullAll(session, '', 4);
    const whole = await pullAll(session, '', 1000);
    expect(whole.pages).toBe(1);
    expect(small.pages).toBeGreaterThan(3);
    expect(small.changes).toEqual(whole.changes);
    const ids = new Set(small.changes.map((c) => `${c.entity}/${c.id}`));
    expect(ids.size).toBe(small.changes.length);

    const children = small.changes.filter((c) => c.entity === 'child');
    const referrals = small.changes.filter((c) => c.entity === 'referral');
    for (const r of referrals) {
      expect(children.some((c) => c.id === r.data!.childId)).toBe(true);
    }
    for (const c of children) {
      if (c.entity !== 'child') continue;
      // The IIN agrees with the birth date (YYMMDD) and the sex (century digit 5/6).
      const iin = c.data!.iin;
      expect(iin.slice(0, 6)).toBe(c.data!.birthDate.slice(2).replaceAll('-', ''));
      expect(iin[6]).toBe(c.data!.sex === 'male' ? '5' : '6');
    }
    const notice = small.changes.find((c) => c.entity === 'notice');
    expect(notice?.entity === 'notice' && notice.data!.title.kk.length).toBeGreaterThan(10);

    // Nothing new: same cursor, empty page.
    const idle = await get(`/api/v1/changes?since=${whole.cursor}`, session.accessToken);
    expect(await idle.json()).toEqual({ changes: [], cursor: whole.cursor, hasMore: false });

    // A portal-side edit shows up as the one new change, with its next version.
    const child = children[0]!;
    portal.edit('child', child.id, { registeredAddress: 'Астана қ., Абай даңғылы 1, 1' });
    const after = await pullAll(session, whole.cursor);
    expect(after.changes).toHaveLength(1);
    expect(after.changes[0]).toMatchObject({ entity: 'child', id: child.id, version: 2 });

    const bad = await get('/api/v1/changes?since=abc', session.accessToken);
    expect(bad.status).toBe(400);
    const tooMany = await get('/api/v1/changes?limit=5000', session.accessToken);
    expect(tooMany.status).toBe(400);
  });
});

describe('mutations', () => {
  it('applies each mutation exactly once; a resend answers duplicate with the same version', async () => {
    const session = await enroll();
    const childId = crypto.randomUUID();
    const repId = crypto.randomUUID();
    const batch = [
      mutation({ entity: 'child', id: childId, fields: { ...NEW_CHILD } }),
      mutation({
        entity: 'representative',
        id: repId,
        fields: {
          childId,
          relation: 'mother',
          iin: '900101400015',
          lastName: 'Сейітқали',
          firstName: 'Дана',
          patronymic: null,
          phone: '+7 701 000 00 00',
          email: null,
        },
      }),
    ];
    const first = await push(session, batch);
    expect(first.map((r) => [r.status, r.version])).toEqual([
      ['applied', 1],
      ['applied', 1],
    ]);
    const second = await push(session, batch);
    expect(second.map((r) => [r.status, r.version])).toEqual([
      ['duplicate', 1],
      ['duplicate', 1],
    ]);
    const log = portal
      .mutationLog()
      .filter((m) => batch.some((b) => b.mutationId === m.mutationId));
    expect(log.map((m) => [m.applied, m.received])).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(portal.entity('child', childId)?.data.groupName).toBe('Балапан');

    // An update on the current version is applied (a new version); the feed carries it.
    const update = await push(session, [
      mutation({ entity: 'child', id: childId, baseVersion: 1, fields: { groupName: 'Күншуақ' } }),
    ]);
    expect(update[0]).toMatchObject({ status: 'applied', version: 2 });
  });

  it('follows the ownership and conflict rules', async () => {
    const session = await enroll();
    const { changes } = await pullAll(session);
    const child = changes.find((c) => c.entity === 'child' && c.version === 1)!;
    expect(child).toBeDefined();
    // The portal changes a portal-owned and a kindergarten-owned field.
    portal.edit('child', child.id, { lastName: 'Порталов', groupName: 'Портал тобы' });

    const [result] = await push(session, [
      mutation({
        entity: 'child',
        id: child.id,
        baseVersion: 1,
        fields: { lastName: 'Жергілікті', groupName: 'Жергілікті топ', actualAddress: 'Алматы қ.' },
      }),
    ]);
    expect(result).toMatchObject({
      status: 'conflict',
      version: 3,
      conflictFields: ['groupName'],
      serverFields: { lastName: 'Порталов', groupName: 'Портал тобы' },
    });
    const held = portal.entity('child', child.id)!;
    expect(held.data).toMatchObject({
      lastName: 'Порталов',
      groupName: 'Портал тобы',
      actualAddress: 'Алматы қ.',
    });

    // Resolving for the local value: a new mutation on the returned version.
    const [resolved] = await push(session, [
      mutation({
        entity: 'child',
        id: child.id,
        baseVersion: 3,
        fields: { groupName: 'Жергілікті топ' },
      }),
    ]);
    expect(resolved).toMatchObject({ status: 'applied', version: 4 });
    expect(resolved!.serverFields).toBeUndefined();

    // A stale base on a field the portal did not touch is simply applied.
    const [untouched] = await push(session, [
      mutation({ entity: 'child', id: child.id, baseVersion: 1, fields: { leftOn: '2027-05-31' } }),
    ]);
    expect(untouched).toMatchObject({ status: 'applied', version: 5 });

    // Another device of the same organisation on the old base conflicts with this one's change;
    // this device's own second edit on the same old base does not.
    const other = await enroll();
    const [fromOther] = await push(other, [
      mutation({ entity: 'child', id: child.id, baseVersion: 4, fields: { leftOn: '2027-06-30' } }),
    ]);
    expect(fromOther).toMatchObject({ status: 'conflict', conflictFields: ['leftOn'], version: 5 });
    const [own] = await push(session, [
      mutation({ entity: 'child', id: child.id, baseVersion: 4, fields: { leftOn: '2027-06-15' } }),
    ]);
    expect(own).toMatchObject({ status: 'applied', version: 6 });

    // Accepting a referral (its status is kindergarten-owned).
    const referral = changes.find((c) => c.entity === 'referral')!;
    const [accepted] = await push(session, [
      mutation({
        entity: 'referral',
        id: referral.id,
        baseVersion: 1,
        fields: { status: 'accepted' },
      }),
    ]);
    expect(accepted).toMatchObject({ status: 'applied', version: 2 });

    // A stale delete is a conflict; nothing is deleted.
    const rep = changes.find((c) => c.entity === 'representative')!;
    portal.edit('representative', rep.id, { phone: '+7 777 111 22 33' });
    const [staleDelete] = await push(session, [
      mutation({ entity: 'representative', id: rep.id, baseVersion: 1, op: 'delete' }),
    ]);
    expect(staleDelete!.status).toBe('conflict');
    expect(portal.entity('representative', rep.id)!.deleted).toBe(false);

    // Rejections: invalid fields, unknown keys, read-only entities, unknown child, bad envelope.
    const rejected = await push(session, [
      mutation({
        entity: 'child',
        id: child.id,
        baseVersion: 6,
        fields: { birthDate: '15.03.2021' },
      }),
      mutation({ entity: 'child', id: child.id, baseVersion: 6, fields: { shoeSize: 28 } }),
      mutation({
        entity: 'notice',
        id: changes.find((c) => c.entity === 'notice')!.id,
        fields: {},
      }),
      mutation({ entity: 'referral', id: crypto.randomUUID(), fields: {} }),
      mutation({ entity: 'child', id: crypto.randomUUID(), fields: { lastName: 'Жарты' } }),
      mutation({
        entity: 'health',
        id: crypto.randomUUID(),
        fields: { childId: crypto.randomUUID(), height: 101 },
      }),
      { ...mutation({ entity: 'child', id: child.id }), mutationId: 'not-a-uuid' },
    ]);
    expect(rejected.map((r) => r.status)).toEqual(Array(7).fill('rejected'));
    for (const r of rejected) expect(r.problem?.title).toBeTruthy();
    expect(rejected[0]!.problem!.detail).toContain('birthDate');
    expect(rejected[1]!.problem!.detail).toContain('shoeSize');
    expect(rejected[5]!.problem!.title).toBe('Unknown child');
    expect(portal.entity('child', child.id)!.version).toBe(6);

    // The whole batch is refused only when its envelope is wrong.
    const wrongDevice = await post(
      '/api/v1/mutations',
      { deviceId: 'someone-else', mutations: [mutation({ entity: 'child', id: child.id })] },
      session.accessToken,
    );
    expect(wrongDevice.status).toBe(403);
  });
});

async function createUpload(session: Session, data: Buffer, sha256?: string): Promise<string> {
  const res = await fetch(`${portal.url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.accessToken}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(data.length),
      'upload-metadata': uploadMetadataFor(
        sha256 ?? createHash('sha256').update(data).digest('hex'),
      ),
    },
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('tus-resumable')).toBe('1.0.0');
  return new URL(res.headers.get('location')!, portal.url).toString();
}

async function offsetOf(session: Session, location: string): Promise<number> {
  const res = await fetch(location, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${session.accessToken}`, 'tus-resumable': '1.0.0' },
  });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}

function patch(session: Session, location: string, offset: number, body: Buffer) {
  return fetch(location, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${session.accessToken}`,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(body),
  });
}

describe('blobs', () => {
  it('resumes an upload interrupted five times from the portal offset, then serves it by hash', async () => {
    const session = await enroll();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const blobUrl = `${portal.url}/api/v1/blobs/${sha256}`;
    const head = () =>
      fetch(blobUrl, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
    expect((await head()).status).toBe(404);

    // A document referring to the blob is refused until the blob is complete.
    const { changes } = await pullAll(session);
    const childId = changes.find((c) => c.entity === 'child')!.id;
    const docFields = {
      childId,
      type: 'medical_certificate',
      blobSha256: sha256,
      mime: 'application/pdf',
      size: data.length,
    };
    const [early] = await push(session, [
      mutation({ entity: 'document', id: crypto.randomUUID(), fields: docFields }),
    ]);
    expect(early).toMatchObject({ status: 'rejected', problem: { title: 'Blob not uploaded' } });

    const location = await createUpload(session, data);
    portal.faults.add({
      kind: 'drop',
      count: 5,
      path: '/api/v1/uploads/',
      method: 'PATCH',
      afterBytes: 300_000,
    });
    const offsets: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const offset = await offsetOf(session, location);
      offsets.push(offset);
      const res = await patch(session, location, offset, data.subarray(offset)).catch(() => null);
      if (res?.status === 204) {
        expect(Number(res.headers.get('upload-offset'))).toBe(data.length);
        break;
      }
    }
    expect(offsets).toEqual([0, 300_000, 600_000, 900_000, 1_200_000, 1_500_000]);
    expect(portal.faults.fired.drop).toBeGreaterThanOrEqual(5);
    const found = await head();
    expect(found.status).toBe(200);
    expect(Number(found.headers.get('content-length'))).toBe(data.length);
    expect(portal.store.blobBytes(sha256)!.equals(data)).toBe(true);

    const [late] = await push(session, [
      mutation({ entity: 'document', id: crypto.randomUUID(), fields: docFields }),
    ]);
    expect(late!.status).toBe('applied');
  });

  it('refuses a wrong offset (409) and a hash mismatch (422, upload discarded)', async () => {
    const session = await enroll();
    const data = randomBytes(1000);
    const location = await createUpload(session, data, 'a'.repeat(64));
    const wrong = await patch(session, location, 10, data.subarray(10));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('upload-offset')).toBe('0');
    const mismatch = await patch(session, location, 0, data);
    expect(mismatch.status).toBe(422);
    expect(Problem.parse(await mismatch.json()).type).toContain('blob-mismatch');
    const gone = await fetch(location, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(gone.status).toBe(404);
    const badType = await fetch(await createUpload(session, data), {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        'upload-offset': '0',
        'content-type': 'text/plain',
      },
      body: data,
    });
    expect(badType.status).toBe(415);
  });
});

describe('digest', () => {
  it('equals the digest computed with digestOf over the pulled rows, content included', async () => {
    const session = await enroll();
    const { changes } = await pullAll(session);
    const res = await get('/api/v1/digest', session.accessToken);
    const digest = DigestResponse.parse(await res.json()).entities;
    for (const entity of [
      'referral',
      'child',
      'representative',
      'privilege',
      'notice',
      'contract',
      'document',
      'health',
    ]) {
      const rows = changes
        .filter((c) => c.entity === entity && !c.deleted)
        .map((c) => ({ id: c.id, version: c.version, content: contentHashOf(entity, c.data) }));
      expect(digest[entity], entity).toEqual(digestOf(rows));
    }
    expect(digest.child!.count).toBeGreaterThan(6);
    expect(digest.contract).toEqual(digestOf([]));
    // Per record, with the data when asked by id (what `sync --verify` pulls again).
    const child = changes.find((c) => c.entity === 'child')!;
    const records = DigestResponse.parse(
      await (await get(`/api/v1/digest?entity=child&ids=${child.id}`, session.accessToken)).json(),
    ).records;
    expect(records).toEqual([
      {
        id: child.id,
        version: child.version,
        hash: contentHashOf('child', child.data),
        data: child.data,
      },
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `id${i}`).join(',');
    expect(
      (await get(`/api/v1/digest?entity=child&ids=${tooMany}`, session.accessToken)).status,
    ).toBe(400);
  });
});

describe('faults', () => {
  it('latency, 500, 503 and 429 with Retry-After', async () => {
    const session = await enroll();
    portal.faults.add({ kind: 'latency', ms: 300, path: '/api/v1/digest' });
    const started = Date.now();
    expect((await get('/api/v1/digest', session.accessToken)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    portal.faults.add({ kind: 'error500', count: 3, path: '/api/v1/mutations' });
    for (let i = 0; i < 3; i++) {
      const res = await post(
        '/api/v1/mutations',
        { deviceId: session.deviceId, mutations: [] },
        session.accessToken,
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // The fourth gets through (and is judged on its own: an empty batch is a 400).
    expect(
      (
        await post(
          '/api/v1/mutations',
          { deviceId: session.deviceId, mutations: [] },
          session.accessToken,
        )
      ).status,
    ).toBe(400);

    portal.faults.add({ kind: 'rateLimit', retryAfter: 7 });
    const limited = await get('/api/v1/changes', session.accessToken);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    portal.faults.add({ kind: 'error503', retryAfter: 2 });
    const unavailable = await get('/api/v1/changes', session.accessToken);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expect((await get('/api/v1/changes', session.accessToken)).status).toBe(200);
  });

  it('drop and truncate break the response; duplicate applies and drops, and the resend is a duplicate', async () => {
    const session = await enroll();
    const before = { ...portal.faults.fired };
    portal.faults.add({ kind: 'drop', path: '/api/v1/changes' });
    await expect(get('/api/v1/changes', session.accessToken)).rejects.toThrow();

    portal.faults.add({ kind: 'truncate', path: '/api/v1/changes' });
    await expect(
      get('/api/v1/changes', session.accessToken).then((r) => r.json()),
    ).rejects.toThrow();

    const batch = [
      mutation({
        entity: 'child',
        id: crypto.randomUUID(),
        fields: { ...NEW_CHILD, iin: '210315600025' },
      }),
    ];
    portal.faults.add({ kind: 'duplicate', path: '/api/v1/mutations' });
    await expect(
      post(
        '/api/v1/mutations',
        { deviceId: session.deviceId, mutations: batch },
        session.accessToken,
      ),
    ).rejects.toThrow();
    const [resent] = await push(session, batch);
    expect(resent).toMatchObject({ status: 'duplicate', version: 1 });
    const entry = portal.mutationLog().find((m) => m.mutationId === batch[0]!.mutationId);
    expect(entry).toMatchObject({ applied: 1, received: 2, status: 'applied' });
    expect(portal.faults.fired).toMatchObject({
      drop: before.drop + 1,
      truncate: before.truncate + 1,
      duplicate: before.duplicate + 1,
    });
  });
});

describe('exactly once under a storm of faults', () => {
  it('a retrying pusher gets every mutation applied once, whatever the network does', async () => {
    const session = await enroll();
    const { changes } = await pullAll(session);
    const children = changes.filter((c) => c.entity === 'child' && c.version === 1).slice(0, 3);
    // 120 changes: new health records (creations) and updates of the seeded children.
    const all: Mutation[] = [];
    for (let i = 0; i < 120; i++) {
      const child = children[i % children.length]!;
      all.push(
        i % 2 === 0
          ? mutation({
              entity: 'health',
              id: crypto.randomUUID(),
              fields: { childId: child.id, heightCm: 90 + i },
            })
          : mutation({
              entity: 'child',
              id: child.id,
              baseVersion: 1,
              fields: { actualAddress: `Астана қ., ${i}` },
            }),
      );
    }
    const kinds = ['error500', 'rateLimit', 'drop', 'truncate', 'duplicate', 'latency'] as const;
    for (let i = 0; i < 18; i++) {
      portal.faults.add({ kind: kinds[i % kinds.length]!, path: '/api/v1/mutations', ms: 20 });
    }
    const done = new Map<string, number>();
    let attempts = 0;
    for (let start = 0; start < all.length && attempts < 200; attempts++) {
      const batch = all.slice(start, start + 20);
      const res = await post(
        '/api/v1/mutations',
        { deviceId: session.deviceId, mutations: batch },
        session.accessToken,
      )
        .then(async (r) => (r.status === 200 ? MutationsResponse.parse(await r.json()) : null))
        .catch(() => null);
      if (!res) continue;
      for (const r of res.results) {
        expect(['applied', 'duplicate']).toContain(r.status);
        done.set(r.mutationId, r.version);
      }
      start += batch.length;
    }
    expect(done.size).toBe(all.length);
    const log = new Map(portal.mutationLog().map((m) => [m.mutationId, m]));
    for (const m of all) expect(log.get(m.mutationId)?.applied).toBe(1);
    expect([...log.values()].some((m) => m.received > 1)).toBe(true);
    // Each update of a child made one new version: 1 + the number of its updates.
    for (const [i, child] of children.entries()) {
      const updates = all.filter((m, j) => j % 2 === 1 && j % children.length === i).length;
      expect(portal.entity('child', child.id)!.version).toBe(1 + updates);
    }
  });
});

describe('as its own process (npm run portal)', () => {
  let spawned: SpawnedPortal | undefined;
  afterAll(async () => {
    await spawned?.stop();
  });

  it('prints its URL and an enrolment code, seeds the enrolling organisation, and takes faults over HTTP', async () => {
    spawned = await spawnPortalEmulator({ referrals: 4 });
    const { url, enrollmentCode: code } = spawned;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const bin = makeBin(303);

    const enrolled = await fetch(`${url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationBin: bin, enrollmentCode: code, deviceName: 'proc' }),
    });
    const session = TokenResponse.parse(await enrolled.json());
    await spawned.addFault({ kind: 'error500', count: 1, path: '/api/v1/changes' });
    const auth = { authorization: `Bearer ${session.accessToken}` };
    expect((await fetch(`${url}/api/v1/changes`, { headers: auth })).status).toBe(500);
    const page = ChangesResponse.parse(
      await (await fetch(`${url}/api/v1/changes`, { headers: auth })).json(),
    );
    const referrals = page.changes.filter((c) => c.entity === 'referral');
    expect(referrals).toHaveLength(4);

    const admin = await spawned.digest(bin);
    expect(admin.counts).toMatchObject({ referral: 4, child: 4, notice: 2 });
    expect(await spawned.mutationLog()).toEqual([]);
    const edited = await spawned.edit('referral', referrals[0]!.id, { status: 'cancelled' });
    expect(edited).toMatchObject({ version: 2, data: { status: 'cancelled' } });
    expect(await spawned.entity('referral', 'nope')).toBeNull();

    expect(await spawned.stop()).toBe(0);
    spawned = undefined;
  });
});
