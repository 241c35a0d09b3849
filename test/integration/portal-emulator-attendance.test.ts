/**
 * The portal emulator's side of attendance (protocol rule 15), over real HTTP on loopback: a
 * child-month created and changed by the kindergarten's pushes with the protocol's rules (full
 * shape, marks in their month, one record per child and month, a known child), a parent's
 * confirmation or dispute through the admin API as the portal takes it from a parent (a new
 * version the next pull carries), the ownership rule for the parent's fields, and the digest.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangesResponse,
  DigestResponse,
  MutationsResponse,
  TokenResponse,
  checkMutationFields,
  contentHashOf,
  digestOf,
  type AttendanceData,
  type Change,
  type Mutation,
} from '../../electron/core/sync/protocol';
import { uuidv7 } from '../../electron/core/sync/outbox';
import { makeBin } from '../portal-emulator/seed';
import { startPortalEmulator, type PortalEmulator } from '../portal-emulator/server';

let portal: PortalEmulator;
const BIN = makeBin(314);

interface Session {
  deviceId: string;
  accessToken: string;
}

let session: Session;
let childIds: string[];

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

async function pull(since = ''): Promise<{ changes: Change[]; cursor: string }> {
  const res = await fetch(`${portal.url}/api/v1/changes?since=${since}&limit=1000`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
  });
  expect(res.status).toBe(200);
  const page = ChangesResponse.parse(await res.json());
  expect(page.hasMore).toBe(false);
  return page;
}

async function push(...mutations: Partial<Mutation>[]) {
  const res = await post(
    '/api/v1/mutations',
    {
      deviceId: session.deviceId,
      mutations: mutations.map((m) => ({
        mutationId: uuidv7(),
        entity: 'attendance',
        baseVersion: 0,
        op: 'upsert',
        fields: {},
        at: new Date().toISOString(),
        ...m,
      })),
    },
    session.accessToken,
  );
  expect(res.status).toBe(200);
  return MutationsResponse.parse(await res.json()).results;
}

function childMonth(childId: string, overrides: Partial<AttendanceData> = {}): AttendanceData {
  return {
    childId,
    month: '2026-11',
    groupName: 'Балапан',
    marks: [
      { date: '2026-11-02', status: 'present', arrival: '08:05', departure: '17:40' },
      { date: '2026-11-03', status: 'absent', reason: 'illness' },
      { date: '2026-11-04', status: 'absent', reason: 'other', note: 'Отбасылық жағдай' },
    ],
    closed: false,
    closedAt: null,
    corrections: 0,
    parentStatus: 'pending',
    parentComment: null,
    parentAt: null,
    ...overrides,
  };
}

async function parent(body: Record<string, unknown>): Promise<Response> {
  return post('/__emulator/attendance/parent', { bin: BIN, ...body });
}

beforeAll(async () => {
  portal = await startPortalEmulator({ seed: 4 });
  const res = await post('/api/v1/devices/enroll', {
    organizationBin: BIN,
    enrollmentCode: portal.enrollmentCode,
    deviceName: 'attendance',
  });
  session = TokenResponse.parse(await res.json());
  childIds = (await pull()).changes.filter((c) => c.entity === 'child').map((c) => c.id);
  expect(childIds).toHaveLength(4);
});
afterAll(async () => {
  await portal.close();
});

describe('attendance at the portal', () => {
  it('checks the wire shape: marks sorted, one per day, only the keys that apply, no nulls', () => {
    const ok = childMonth('c1');
    expect(checkMutationFields('attendance', ok, true)).toBeNull();
    const bad = (marks: unknown[]) =>
      checkMutationFields('attendance', { ...ok, marks } as Record<string, unknown>, true);
    expect(bad([ok.marks[1], ok.marks[0]])).toMatch(/sorted by date/);
    expect(bad([ok.marks[0], ok.marks[0]])).toMatch(/sorted by date/);
    expect(bad([{ date: '2026-11-02', status: 'absent' }])).toMatch(/reason/);
    expect(bad([{ date: '2026-11-02', status: 'present', reason: 'illness' }])).toMatch(/reason/);
    expect(
      bad([{ date: '2026-11-02', status: 'absent', reason: 'illness', arrival: '08:00' }]),
    ).toMatch(/arrival/);
    expect(bad([{ date: '2026-11-02', status: 'absent', reason: 'illness', note: null }])).toMatch(
      /note/,
    );
    expect(bad([{ date: '2026-11-02', status: 'present', extra: 1 }])).not.toBeNull();
    expect(bad([{ date: '2026-11-02', status: 'present', arrival: '24:00' }])).toMatch(/arrival/);
    expect(
      bad([{ date: '2026-11-02', status: 'absent', reason: 'other', note: 'x'.repeat(501) }]),
    ).toMatch(/note/);
    const days = Array.from({ length: 32 }, (_, i) => ({
      date: `2026-11-${String(i + 1).padStart(2, '0')}`,
      status: 'present',
    }));
    expect(bad(days)).toMatch(/marks/);
    expect(
      checkMutationFields('attendance', { ...ok, parentComment: 'x'.repeat(1001) }, true),
    ).toMatch(/parentComment/);
    expect(checkMutationFields('attendance', { ...ok, month: '2026-13' }, true)).toMatch(/month/);
    // A later upsert carries only the changed fields.
    expect(checkMutationFields('attendance', { closed: true }, false)).toBeNull();
    expect(checkMutationFields('attendance', { closed: true }, true)).not.toBeNull();
  });

  it('creates a child-month from a push, once per child and month, its marks in its month', async () => {
    const id = randomUUID();
    const [created] = await push({ id, fields: childMonth(childIds[0]!) });
    expect(created).toMatchObject({ status: 'applied', version: 1 });
    const feed = (await pull()).changes.filter((c) => c.entity === 'attendance');
    expect(feed).toEqual([
      { entity: 'attendance', id, version: 1, deleted: false, data: childMonth(childIds[0]!) },
    ]);

    // The same child's same month under another id: refused, nothing stored.
    const [twice] = await push({ id: randomUUID(), fields: childMonth(childIds[0]!) });
    expect(twice).toMatchObject({ status: 'rejected', problem: { title: 'Child-month exists' } });
    // Another month of the same child is another record.
    const [december] = await push({
      id: randomUUID(),
      fields: childMonth(childIds[0]!, {
        month: '2026-12',
        marks: [{ date: '2026-12-01', status: 'present' }],
      }),
    });
    expect(december).toMatchObject({ status: 'applied', version: 1 });

    const [outside] = await push({
      id: randomUUID(),
      fields: childMonth(childIds[1]!, { marks: [{ date: '2026-10-30', status: 'present' }] }),
    });
    expect(outside).toMatchObject({
      status: 'rejected',
      problem: { title: 'Mark outside its month' },
    });
    const [laterOutside] = await push({
      id,
      baseVersion: 1,
      fields: { marks: [{ date: '2026-12-01', status: 'present' }] },
    });
    expect(laterOutside).toMatchObject({ status: 'rejected', version: 1 });

    const [unknownChild] = await push({ id: randomUUID(), fields: childMonth(randomUUID()) });
    expect(unknownChild).toMatchObject({ status: 'rejected', problem: { title: 'Unknown child' } });
    const [partial] = await push({
      id: randomUUID(),
      fields: { childId: childIds[1]!, closed: true },
    });
    expect(partial).toMatchObject({ status: 'rejected', problem: { title: 'Invalid fields' } });

    expect(portal.childMonths(BIN).map((r) => [r.data.childId, r.data.month])).toEqual([
      [childIds[0], '2026-11'],
      [childIds[0], '2026-12'],
    ]);
  });

  it("takes a parent's answer only about a closed month, as a new version the pull carries", async () => {
    const childId = childIds[2]!;
    const id = randomUUID();
    await push({ id, fields: childMonth(childId) });
    const { cursor } = await pull();

    const early = await parent({ childId, month: '2026-11', status: 'confirmed' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ title: 'The month is not closed' });
    expect((await parent({ childId, month: '2026-10', status: 'confirmed' })).status).toBe(404);
    expect((await parent({ childId, month: '2026-11', status: 'maybe' })).status).toBe(400);

    const [closed] = await push({
      id,
      baseVersion: 1,
      fields: { closed: true, closedAt: '2026-11-30T18:05' },
    });
    expect(closed).toMatchObject({ status: 'applied', version: 2 });

    const noComment = await parent({ childId, month: '2026-11', status: 'disputed', comment: ' ' });
    expect(noComment.status).toBe(422);
    const disputed = await parent({
      childId,
      month: '2026-11',
      status: 'disputed',
      comment: '3 қарашада бала бақшада болды',
      at: '2026-12-02T09:14:00.000Z',
    });
    expect(disputed.status).toBe(200);
    expect(await disputed.json()).toMatchObject({ version: 3 });

    const after = (await pull(cursor)).changes;
    expect(after).toEqual([
      {
        entity: 'attendance',
        id,
        version: 3,
        deleted: false,
        data: childMonth(childId, {
          closed: true,
          closedAt: '2026-11-30T18:05',
          parentStatus: 'disputed',
          parentComment: '3 қарашада бала бақшада болды',
          parentAt: '2026-12-02T09:14:00.000Z',
        }),
      },
    ]);

    // The same answer again changes nothing; a confirmation replaces the dispute and is final.
    await parent({
      childId,
      month: '2026-11',
      status: 'disputed',
      comment: '3 қарашада бала бақшада болды',
    });
    expect(portal.entity('attendance', id, BIN)?.version).toBe(3);
    const confirmed = portal.parentAnswer({
      bin: BIN,
      childId,
      month: '2026-11',
      status: 'confirmed',
    });
    expect(confirmed).toMatchObject({
      version: 4,
      data: { parentStatus: 'confirmed', parentComment: null },
      fieldOrigins: { parentStatus: 'portal', marks: session.deviceId },
    });
    expect(confirmed.data.parentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const late = await parent({ childId, month: '2026-11', status: 'disputed', comment: 'Жоқ' });
    expect(late.status).toBe(409);

    // A push on the old base: the kindergarten's marks apply, the parent's answer stands.
    const marks = [{ date: '2026-11-02', status: 'absent', reason: 'quarantine' }];
    const [stale] = await push({
      id,
      baseVersion: 2,
      fields: { marks, corrections: 1, parentStatus: 'pending' },
    });
    expect(stale).toMatchObject({
      status: 'applied',
      version: 5,
      serverFields: { parentStatus: 'confirmed' },
    });
    expect(stale!.conflictFields).toBeUndefined();
    expect(portal.entity('attendance', id, BIN)?.data).toMatchObject({
      marks,
      corrections: 1,
      parentStatus: 'confirmed',
    });
  });

  it('digests child-months with their content, the group name left out', async () => {
    const res = await fetch(`${portal.url}/api/v1/digest?entity=attendance`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    const digest = DigestResponse.parse(await res.json());
    const rows = portal.childMonths(BIN);
    expect(digest.entities.attendance).toEqual(
      digestOf(
        rows.map((r) => ({
          id: r.id,
          version: r.version,
          content: contentHashOf('attendance', r.data),
        })),
      ),
    );
    expect(digest.records).toHaveLength(rows.length);
    const data = rows[0]!.data;
    expect(contentHashOf('attendance', { ...data, groupName: 'Күншуақ' })).toBe(
      contentHashOf('attendance', data),
    );
    expect(contentHashOf('attendance', { ...data, corrections: 9 })).not.toBe(
      contentHashOf('attendance', data),
    );
  });
});
