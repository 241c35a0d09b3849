/**
 * The renderer's view of the core: types only (import with `import type`). The client is
 * derived from the registry, so a method's input and output are declared once, in core.
 */
import type { registry } from './registry';
import type { ApiOf, RpcResult } from './registry/dispatch';

export type Api = ApiOf<typeof registry>;
export type MethodName = keyof Api & string;
export type MethodInput<M extends MethodName> = Api[M]['input'];
export type MethodOutput<M extends MethodName> = Api[M]['output'];
export type { RpcResult };
export type { SerializedError, ErrorParams } from './errors/app-error';
export type { Session } from './auth/session';
export type { StaffRole, UiLanguage } from '../../db/schema';
export type { Permission } from './auth/permissions';
