/**
 * @peculiar/x509 (through tsyringe) needs the Reflect metadata API at load time, and no
 * polyfill package is installed. This is the small subset tsyringe and tslib's decorators
 * call. Import this file before '@peculiar/x509' (test code only; the app does not use x509).
 */
type Key = unknown;
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<Key, unknown>>>();

function table(target: Target, property: string | symbol | undefined, create: boolean) {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

function getOwnMetadata(key: Key, target: Target, property?: string | symbol): unknown {
  return table(target, property, false)?.get(key);
}

function getMetadata(key: Key, target: Target, property?: string | symbol): unknown {
  for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
    const entries = table(t, property, false);
    if (entries?.has(key)) return entries.get(key);
  }
  return undefined;
}

const api = {
  defineMetadata(key: Key, value: unknown, target: Target, property?: string | symbol): void {
    table(target, property, true)?.set(key, value);
  },
  getOwnMetadata,
  getMetadata,
  hasOwnMetadata: (key: Key, target: Target, property?: string | symbol): boolean =>
    table(target, property, false)?.has(key) ?? false,
  hasMetadata: (key: Key, target: Target, property?: string | symbol): boolean =>
    getMetadata(key, target, property) !== undefined,
  metadata:
    (key: Key, value: unknown) =>
    (target: Target, property?: string | symbol): void => {
      table(target, property, true)?.set(key, value);
    },
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  for (const [name, fn] of Object.entries(api)) reflect[name] = fn;
}
