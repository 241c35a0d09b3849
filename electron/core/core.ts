import { CoreServices, type CoreOptions } from './core-services';
import { createDispatcher, type RpcResult } from './registry/dispatch';
import { registry } from './registry';
import type { MethodInput, MethodName, MethodOutput } from './api';
import { AppError } from './errors/app-error';

export interface Core {
  /** Untyped entry for hosts that receive JSON (IPC, HTTP). */
  dispatch(method: string, input: unknown): Promise<RpcResult>;
  /** Typed entry for in-process callers (CLI, tests): throws the AppError on failure. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  readonly services: CoreServices;
  close(): void;
}

/** One core over one data folder. Electron-free: runs in a utilityProcess, web host, CLI, tests. */
export function createCore(options: CoreOptions): Core {
  const services = new CoreServices(options);
  const dispatch = createDispatcher(registry, services);
  return {
    dispatch,
    services,
    async call(method, input) {
      const result = await dispatch(method, input);
      if (!result.ok) throw new AppError(result.error.code, result.error.params);
      return result.value as never;
    },
    close: () => services.lock(),
  };
}
