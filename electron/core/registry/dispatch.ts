import type { z } from 'zod';
import type { CoreServices } from '../core-services';
import type { AnyMethod, HandlerContext } from './method';
import { readHandle } from '../../../db/connection';
import { appendAudit, appendAuditRows } from '../audit/audit-log';
import { recordChanges } from '../sync/outbox';
import { collectChanges } from './record-changes';
import { roleMay, type Permission } from '../auth/permissions';
import { assertChildInScope } from '../auth/group-scope';
import {
  InternalError,
  InvalidInput,
  NotSignedIn,
  PasswordChangeRequired,
  PermissionDenied,
  StoreLocked,
  UnknownMethod,
  toAppError,
  type SerializedError,
} from '../errors/app-error';

export type RpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

export type Registry = Record<string, AnyMethod>;

/** The renderer's typed view of a registry: method name → input and output types. */
export type ApiOf<R extends Registry> = {
  [K in keyof R]: {
    input: z.input<R[K]['input']>;
    output: Awaited<ReturnType<R[K]['handler']>>;
  };
};

/** Field paths of a failed validation; the values are never echoed back (they may be data). */
function invalidFields(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(input)'))];
}

/**
 * The single way into the core for every host (IPC, web host, CLI, tests): looks the method
 * up, enforces idle lock and access, validates input, runs the handler, audits, and turns
 * every failure into a typed, translatable error.
 */
export function createDispatcher(registry: Registry, services: CoreServices) {
  return async function dispatch(name: string, rawInput: unknown): Promise<RpcResult> {
    services.lockIfIdle();
    services.callStarted();
    try {
      if (typeof name !== 'string' || !Object.hasOwn(registry, name)) throw UnknownMethod();
      const spec = registry[name]!;
      const now = services.now();

      let details: readonly string[] | null = null; // ctx.auditDetails
      const entry = (entityId: string | null, outcome: 'ok' | 'denied' = 'ok') => ({
        actorId: services.session?.accountId ?? null,
        action: name,
        entity: spec.entity,
        entityId,
        outcome,
        ...(details ? { fields: details } : {}),
      });
      /** One audit row on its own: an act, or a refusal. */
      function auditNow(entityId: string | null, outcome: 'ok' | 'denied', at = now): void {
        const store = services.store();
        store.sqlite.transaction(() => appendAudit(store, entry(entityId, outcome), at))();
      }

      function authorize(permission: Permission): void {
        const session = services.session;
        if (session && roleMay(session.role, permission)) return;
        if (session) auditNow(null, 'denied');
        throw PermissionDenied(permission);
      }

      if (spec.access !== 'public') {
        const session = services.activeSession();
        if (!session) {
          if (spec.whenSignedOut) return { ok: true, value: spec.whenSignedOut() };
          throw services.keyring.exists() ? StoreLocked() : NotSignedIn();
        }
        if (!spec.background) services.lastActivity = services.clock().getTime();
        if (session.mustChangePassword && !spec.beforePasswordChange)
          throw PasswordChangeRequired();
        if (spec.access !== 'signedIn') authorize(spec.access);
      }

      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success)
        throw InvalidInput(invalidFields(parsed.error), domainReasons(parsed.error));
      // A teacher's calls about a child of another group answer as if it did not exist.
      const childId = (parsed.data as { childId?: unknown } | null)?.childId;
      if (typeof childId === 'string' && services.session)
        assertChildInScope(services.store(), services.session, childId);

      let transacted = false;
      let audited = false;
      const readIds: (string | null)[] = [];
      const ctx: HandlerContext = {
        services,
        get session() {
          return services.session;
        },
        // Reads only: the writable store is handed out by transact alone.
        store: () => readHandle(services.store()),
        now: () => services.now(),
        transact(entityId, change) {
          // A read or an act that changes data has the wrong kind: a bug, caught before it writes.
          if (spec.kind !== 'write') throw InternalError();
          const store = services.store();
          const result = store.sqlite.transaction(() => {
            // The synced records the work changed go to the outbox with it, like the audit row.
            const { value, changes } = collectChanges(store, syncsOf(spec), () => change(store));
            recordChanges(store, changes, services.now());
            appendAudit(store, entry(entityId), services.now());
            return value;
          })();
          transacted = true;
          return result;
        },
        audit(entityId, outcome = 'ok') {
          if (outcome === 'ok' && spec.kind !== 'act') throw InternalError();
          auditNow(entityId, outcome, services.now());
          if (outcome === 'ok') audited = true;
        },
        auditRead(entityId) {
          readIds.push(entityId);
        },
        auditDetails(named) {
          details = [...named];
        },
        authorize,
        may: (permission) => !!services.session && roleMay(services.session.role, permission),
      };

      const value: unknown = await spec.handler(ctx, parsed.data);
      // A write that did not go through transact would be an unaudited change, an act that
      // did not call audit an unrecorded one: a bug.
      if (spec.kind === 'write' && !transacted) throw InternalError();
      if (spec.kind === 'act' && !audited) throw InternalError();
      if (spec.kind === 'sensitiveRead') {
        const store = services.store();
        // One batch: the chain's head read once and written once, however many children.
        const ids = readIds.length ? [...new Set(readIds)] : [null];
        store.sqlite.transaction(() =>
          appendAuditRows(
            store,
            ids.map((id) => entry(id)),
            now,
          ),
        )();
      }
      return { ok: true, value };
    } catch (thrown) {
      return { ok: false, error: toAppError(thrown).toJSON() };
    } finally {
      services.callEnded();
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

/** The synced record types a method declares it changes (`syncs` on its spec). */
function syncsOf(spec: AnyMethod): readonly string[] {
  return spec.syncs === undefined ? [] : typeof spec.syncs === 'string' ? [spec.syncs] : spec.syncs;
}

/**
 * Our own refinements carry a translation key as their message (e.g. `iinBirthDateMismatch`),
 * so the user reads why, not only where; zod's built-in messages are left out.
 */
function domainReasons(error: z.ZodError): string[] {
  return [
    ...new Set(
      error.issues.filter((issue) => issue.code === 'custom').map((issue) => issue.message),
    ),
  ].filter((message) => /^[a-z][A-Za-z]+$/.test(message));
}
