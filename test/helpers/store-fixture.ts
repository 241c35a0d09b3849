import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import type { Store } from '../../db/connection';

export const ORG = { name: 'Балапан бөбекжайы Ғажайып', bin: '150440001236' } as const;
export const DIRECTOR = {
  login: 'directorayg',
  name: 'Айгүл Нұрланқызы',
  password: 'director-pass-1',
};

export interface Fixture {
  core: Core;
  dataDir: string;
  deviceKeyPath: string;
  recoveryKey: string;
}

/** A real encrypted store in `root`, set up through the core as the app does it. */
export async function newStore(root: string, name = 'data'): Promise<Fixture> {
  const dataDir = join(root, name);
  const deviceKeyPath = join(root, `${name}-device.key`);
  const core = createCore({ dataDir, deviceSeal: new FileDeviceSeal(deviceKeyPath) });
  const { recoveryKey } = await core.call('setup.initialize', {
    orgName: ORG.name,
    orgBin: ORG.bin,
    adminLogin: DIRECTOR.login,
    adminName: DIRECTOR.name,
    password: DIRECTOR.password,
  });
  return { core, dataDir, deviceKeyPath, recoveryKey };
}

/** Every row of every table, for comparing two stores or a store before and after. */
export function dumpTables(store: Store): Record<string, unknown[]> {
  const tables = store.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [
      table,
      store.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all(),
    ]),
  );
}
