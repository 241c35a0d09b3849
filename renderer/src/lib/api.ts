import type {
  MethodInput,
  MethodName,
  MethodOutput,
  RpcResult,
  SerializedError,
} from '../../../electron/core/api';

/** What the Electron preload exposes; in a browser the web host's HTTP RPC stands in. */
interface Bridge {
  invoke(method: string, input: unknown): Promise<RpcResult>;
}
declare global {
  interface Window {
    balabaqsha?: Bridge;
  }
}

/** A failure the core reported: a code to translate, never a message with data in it. */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    readonly params: SerializedError['params'] = {},
  ) {
    super(code);
  }
}

const TOKEN_KEY = 'balabaqsha.token';

/** The web host hands its per-launch token in the URL fragment; keep it for this tab only. */
function webToken(): string {
  const match = /token=([\w-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function httpInvoke(method: string, input: unknown): Promise<RpcResult> {
  const response = await fetch(`./rpc/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${webToken()}` },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  if (response.status === 401)
    return { ok: false, error: { code: 'hostTokenMissing', params: {} } };
  return (await response.json()) as RpcResult;
}

const transport: Bridge['invoke'] = window.balabaqsha
  ? (method, input) => window.balabaqsha!.invoke(method, input)
  : httpInvoke;

if (!window.balabaqsha) webToken();

type Listener = (error: CoreError) => void;
const errorListeners = new Set<Listener>();

/** Lets the app react to errors that change its state (the store locking itself). */
export function onCoreError(listener: Listener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

/** The typed client: input and output types come from the core's registry. */
export async function call<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  let result: RpcResult;
  try {
    result = await transport(method, input);
  } catch {
    result = { ok: false, error: { code: 'hostUnreachable', params: {} } };
  }
  if (result.ok) return result.value as MethodOutput<M>;
  const error = new CoreError(result.error.code, result.error.params);
  for (const listener of errorListeners) listener(error);
  throw error;
}
