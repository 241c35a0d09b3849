import type { z } from 'zod';
import type { ReadableStore, WritableStore } from '../../../db/connection';
import type { Permission } from '../auth/permissions';
import type { Session } from '../auth/session';
import type { CoreServices } from '../core-services';
import type { SyncedEntity } from '../sync/record-types';

/** Who may call a method: anyone (before sign-in), any signed-in staff, or a permission. */
export type Access = 'public' | 'signedIn' | Permission;

/**
 * How a method touches data, which decides its audit:
 * - `read`: general data, not audited;
 * - `sensitiveRead`: health, documents, bank details — audited after it succeeds;
 * - `write`: changes data; must change it through `ctx.transact`, which writes the audit
 *   row in the same transaction, so no change is ever left unaccounted for;
 * - `act`: changes nothing through `ctx.transact`, but the call itself must be on record:
 *   signing in or out, a backup, a sync run (whose pulled changes the sync engine writes and
 *   audits record by record). Must call `ctx.audit`; may not transact.
 */
export type MethodKind = 'read' | 'sensitiveRead' | 'write' | 'act';

export interface HandlerContext {
  readonly services: CoreServices;
  /** The signed-in staff member; methods with access other than `public` always have one. */
  readonly session: Session | null;
  /**
   * The open store, for reading only: drizzle without insert/update/delete, statements without
   * `run`, and a statement that would write throws before it runs (WriteThroughReadHandle,
   * answered as InternalError). Throws StoreLocked when nobody is signed in. Writes go
   * through `transact`.
   */
  store(): ReadableStore;
  now(): string;
  /**
   * Runs `change` in one SQLite transaction together with this call's audit row; the only
   * place a handler holds the writable store. For `write` methods only.
   */
  transact<T>(entityId: string | null, change: (store: WritableStore) => T): T;
  /**
   * Records this call in the audit log now (its own transaction) without changing data: for
   * `act` methods (sign-in, sign-out, backup). `denied`: an attempt the method itself refused
   * (e.g. a wrong current password), allowed in any method.
   */
  audit(entityId: string | null, outcome?: 'ok' | 'denied'): void;
  /** Ids of what a sensitive read returned, for its audit row. */
  auditRead(entityId: string | null): void;
  /**
   * What the audit rows of this call name besides the method (the log's `fields` column): for
   * an export, e.g. the column keys and `rows:12` — counts and names of fields, never values.
   */
  auditDetails(details: readonly string[]): void;
  /**
   * For methods whose permission depends on the input (e.g. a document's type): refuses,
   * and audits the refusal, unless the signed-in role has `permission`.
   */
  authorize(permission: Permission): void;
  /** Whether the signed-in role has `permission`, for shaping what a read returns. */
  may(permission: Permission): boolean;
}

export interface MethodSpec<Input extends z.ZodType, Output> {
  input: Input;
  access: Access;
  kind: MethodKind;
  /** The audited category, e.g. `staff`, `health`. */
  entity: string;
  /**
   * The synced record types its writes change (sync/record-types.ts): `transact` records the
   * outbox rows for them with the audit row. A write of a type not named here is a bug
   * (InternalError, nothing changes).
   */
  syncs?: SyncedEntity | readonly SyncedEntity[];
  /**
   * Called by the window on a timer (e.g. `sync.status`), not by a person: such a call does
   * not count as activity, so polling never holds off the core's idle lock.
   */
  background?: boolean;
  /**
   * For a method whose purpose is already met when nobody is signed in (signing out): its
   * answer then, instead of `storeLocked`. A window that signs out of a store the core's idle
   * lock has already closed must succeed, or it takes the refusal for another lock.
   */
  whenSignedOut?: () => Output;
  /** Callable while the session's password must still be changed (sign out, change it, language). */
  beforePasswordChange?: boolean;
  handler: (ctx: HandlerContext, input: z.output<Input>) => Output | Promise<Output>;
}

/** Declares one method; keeps the input and output types for the derived client. */
export function method<Input extends z.ZodType, Output>(
  spec: MethodSpec<Input, Output>,
): MethodSpec<Input, Output> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethod = MethodSpec<z.ZodType, any>;
