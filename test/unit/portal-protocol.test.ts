/**
 * The protocol three ways — the OpenAPI document (test/portal-emulator/openapi.yaml), the
 * zod schemas shared by client and emulator (electron/core/sync/protocol.ts) and the
 * emulator's router — must agree: every route is documented (and the other way round), the
 * document's component schemas have the same properties, required lists, enums and constants
 * as the zod schemas' JSON Schema, and every example in the document passes the zod schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as protocol from '../../electron/core/sync/protocol';
import { FaultRule } from '../portal-emulator/faults';
import { ROUTES, startPortalEmulator, type PortalEmulator } from '../portal-emulator/server';

// js-yaml ships with the build tooling (electron-builder); no types are installed for it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

type Json = Record<string, unknown>;
const doc = yaml.load(
  readFileSync(new URL('../portal-emulator/openapi.yaml', import.meta.url), 'utf8'),
) as { openapi: string; paths: Record<string, Record<string, Json>>; components: Json };
const componentSchemas = doc.components.schemas as Record<string, Json>;

const ZOD: Record<string, z.ZodType> = {
  Problem: protocol.Problem,
  EnrollRequest: protocol.EnrollRequest,
  TokenResponse: protocol.TokenResponse,
  RefreshRequest: protocol.RefreshRequest,
  ReferralData: protocol.ReferralData,
  ChildData: protocol.ChildData,
  RepresentativeData: protocol.RepresentativeData,
  PrivilegeData: protocol.PrivilegeData,
  LocalizedText: protocol.LocalizedText,
  NoticeData: protocol.NoticeData,
  ContractData: protocol.ContractData,
  DocumentData: protocol.DocumentData,
  HealthData: protocol.HealthData,
  AttendanceMark: protocol.AttendanceMark,
  AttendanceData: protocol.AttendanceData,
  ReferralChange: protocol.ReferralChange,
  ChildChange: protocol.ChildChange,
  RepresentativeChange: protocol.RepresentativeChange,
  PrivilegeChange: protocol.PrivilegeChange,
  NoticeChange: protocol.NoticeChange,
  ContractChange: protocol.ContractChange,
  DocumentChange: protocol.DocumentChange,
  HealthChange: protocol.HealthChange,
  AttendanceChange: protocol.AttendanceChange,
  Change: protocol.Change,
  ChangesResponse: protocol.ChangesResponse,
  Mutation: protocol.Mutation,
  MutationsRequest: protocol.MutationsRequest,
  MutationResult: protocol.MutationResult,
  MutationsResponse: protocol.MutationsResponse,
  EntityDigest: protocol.EntityDigest,
  RecordDigest: protocol.RecordDigest,
  DigestResponse: protocol.DigestResponse,
  FaultRule,
};

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = componentSchemas[name];
  if (!target) throw new Error(`dangling $ref ${ref}`);
  return resolve(target);
}

const sorted = (v: unknown) => (Array.isArray(v) ? [...(v as string[])].sort() : v);

/** Compares the structure that matters on the wire; returns the differences found. */
function differences(documented: Json, generated: Json, at: string, out: string[] = []): string[] {
  const d = resolve(documented);
  const g = generated;
  for (const key of ['type', 'const'] as const) {
    if (g[key] !== undefined && JSON.stringify(d[key]) !== JSON.stringify(g[key])) {
      out.push(`${at}.${key}: document ${JSON.stringify(d[key])}, zod ${JSON.stringify(g[key])}`);
    }
  }
  for (const key of ['required', 'enum'] as const) {
    if (JSON.stringify(sorted(d[key])) !== JSON.stringify(sorted(g[key]))) {
      out.push(`${at}.${key}: document ${JSON.stringify(d[key])}, zod ${JSON.stringify(g[key])}`);
    }
  }
  const dp = (d.properties ?? {}) as Record<string, Json>;
  const gp = (g.properties ?? {}) as Record<string, Json>;
  if (JSON.stringify(Object.keys(dp).sort()) !== JSON.stringify(Object.keys(gp).sort())) {
    out.push(`${at}.properties: document ${Object.keys(dp)}, zod ${Object.keys(gp)}`);
  }
  for (const [name, sub] of Object.entries(gp)) {
    if (dp[name]) differences(dp[name], sub, `${at}.${name}`, out);
  }
  if (g.items) differences((d.items ?? {}) as Json, g.items as Json, `${at}[]`, out);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const gs = g[key] as Json[] | undefined;
    if (!gs) continue;
    const ds = (d[key] ?? d.anyOf ?? d.oneOf ?? []) as Json[];
    if (ds.length !== gs.length) out.push(`${at}.${key}: ${ds.length} vs ${gs.length} options`);
    gs.forEach((option, i) => ds[i] && differences(ds[i], option, `${at}|${i}`, out));
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with a component schema for every shared zod schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(componentSchemas).sort()).toEqual(Object.keys(ZOD).sort());
  });

  it('documents every route of the emulator, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(k))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routed = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual([...routed].sort());
    // The protocol's PATHS are all routed.
    for (const path of Object.values(protocol.PATHS)) {
      const p = typeof path === 'function' ? path('{sha256}') : path;
      expect(
        routed.some((r) => r.endsWith(` ${p}`)),
        p,
      ).toBe(true);
    }
  });

  it("has component schemas that agree with the zod schemas' JSON Schema", () => {
    for (const [name, schema] of Object.entries(ZOD)) {
      // Request bodies with defaults (FaultRule.count) are documented as the client sends them.
      const io = name === 'FaultRule' ? 'input' : 'output';
      const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
      expect(differences(componentSchemas[name]!, generated, name), name).toEqual([]);
    }
    // Spot checks that would catch a comparison that compares nothing.
    expect((componentSchemas.ChildData!.properties as Json).sex).toEqual({
      type: 'string',
      enum: ['male', 'female'],
    });
    expect(differences({ required: ['a'] }, { required: ['b'] }, 'x')).toHaveLength(1);
  });

  it('has examples that pass the shared zod schemas', () => {
    let checked = 0;
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        const bodies = [
          (operation.requestBody as Json | undefined)?.content,
          ...Object.values((operation.responses ?? {}) as Record<string, Json>).map(
            (r) => r.content,
          ),
        ] as (Record<string, Json> | undefined)[];
        for (const content of bodies) {
          for (const media of Object.values(content ?? {})) {
            if (media.example === undefined) continue;
            const ref = (media.schema as Json).$ref as string;
            const schema = ZOD[ref.replace('#/components/schemas/', '')]!;
            const parsed = schema.safeParse(media.example);
            expect(parsed.success, `${ref}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

describe('emulator router', () => {
  let portal: PortalEmulator;
  beforeAll(async () => {
    portal = await startPortalEmulator({ seed: 0 });
  });
  afterAll(async () => {
    await portal.close();
  });

  it('serves every documented path (and 404 for an undocumented one)', async () => {
    for (const route of ROUTES) {
      const path = route.path
        .replace('{sha256}', 'a'.repeat(64))
        .replace('{uploadId}', 'nope')
        .replace('{entity}', 'child')
        .replace('{id}', 'nope');
      const res = await fetch(`${portal.url}${path}`, {
        method: route.method,
        ...(['POST', 'PATCH'].includes(route.method)
          ? { body: '{}', headers: { 'content-type': 'application/json' } }
          : {}),
      });
      // Reached its handler: anything but the router's own 404/405 problems.
      const routerMiss =
        (res.status === 404 || res.status === 405) &&
        res.headers.get('content-type') === protocol.PROBLEM_CONTENT_TYPE &&
        ['Not found', 'Method not allowed'].includes(((await res.json()) as Json).title as string);
      expect(routerMiss, `${route.method} ${path} → ${res.status}`).toBe(false);
    }
    const missing = await fetch(`${portal.url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    const wrongMethod = await fetch(`${portal.url}/api/v1/digest`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
  });
});
