/**
 * The import rules in eslint.config.js, held to what they promise: an import circle fails lint,
 * a renderer feature importing another feature fails, and so does components/ or lib/
 * importing a feature; the imports the layers are meant to use pass. Each case lints a small
 * probe as if it were a file of the real tree, so the real config, resolver and neighbours
 * apply. A circle needs both of its files on disk: those two are written under a dot-folder
 * of electron/ (outside core/, which other tests walk; TypeScript and the builds skip it) and
 * removed afterwards; the renderer probes are linted as text at their path, never written.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(__dirname, '../..');
const TAG = `.lint-probe-${process.pid}-${randomBytes(4).toString('hex')}`;

/** Probe path → contents. */
const PROBES = {
  // Two core modules that import each other (values, not types).
  circleA: [
    `electron/${TAG}/a.ts`,
    "import { b } from './b';\n\nexport const a = (): number => b() + 1;\n",
  ],
  circleB: [
    `electron/${TAG}/b.ts`,
    "import { a } from './a';\n\nexport const b = (): number => (Math.random() > 2 ? a() : 0);\n",
  ],
  // The same two modules, one way only.
  lineA: [
    `electron/${TAG}/line-a.ts`,
    "import { lineB } from './line-b';\n\nexport const lineA = (): number => lineB() + 1;\n",
  ],
  lineB: [
    `electron/${TAG}/line-b.ts`,
    "import { findChild } from '../core/children/child-record';\n\nexport const lineB = (): number => (findChild ? 1 : 0);\n",
  ],
  // A handler taking the writable store from the core's services instead of ctx.transact.
  writableFromServices: [
    `electron/core/children/${TAG}.ts`,
    [
      "import type { HandlerContext } from '../registry/method';",
      '',
      'export const probe = (ctx: HandlerContext): unknown =>',
      "  ctx.services.store().sqlite.prepare('DELETE FROM children').run();",
      '',
    ].join('\n'),
  ],
  // A feature (children) importing another feature (contracts).
  crossFeature: [
    `renderer/src/features/children/${TAG}.ts`,
    "import { ContractsPage } from '../contracts/ContractsPage';\n\nexport const probe = ContractsPage;\n",
  ],
  // lib/ importing a feature.
  libToFeature: [
    `renderer/src/lib/${TAG}.ts`,
    "import { HealthTab } from '../features/health/HealthTab';\n\nexport const probe = HealthTab;\n",
  ],
  // A feature importing its own folder, lib/, components/, app/ and the core's API types.
  allowedFeature: [
    `renderer/src/features/contracts/${TAG}.ts`,
    [
      "import type { MethodName } from '../../../../electron/core/api';",
      "import { useSession } from '../../app/session';",
      "import { usePrintChoices } from '../../components/PrintChoices';",
      "import { call } from '../../lib/api';",
      "import { ContractsPage } from './ContractsPage';",
      '',
      'export const probe = [useSession, usePrintChoices, call, ContractsPage];',
      'export type Probe = MethodName;',
      '',
    ].join('\n'),
  ],
} as const;

type Probe = keyof typeof PROBES;
/** The probes a circle needs on disk (every one under electron/<TAG>/). */
const WRITTEN: readonly Probe[] = ['circleA', 'circleB', 'lineA', 'lineB'];

let eslint: ESLint;

beforeAll(() => {
  for (const probe of WRITTEN) {
    const [path, text] = PROBES[probe];
    mkdirSync(dirname(join(REPO, path)), { recursive: true });
    writeFileSync(join(REPO, path), text);
  }
  eslint = new ESLint({ cwd: REPO });
});

afterAll(() => {
  rmSync(join(REPO, 'electron', TAG), { recursive: true, force: true });
});

/** The rule ids of every message linting the probe gives (fatal parse errors as 'fatal'). */
async function ruleIds(probe: Probe): Promise<string[]> {
  const [path, text] = PROBES[probe];
  const [result] = await eslint.lintText(text, { filePath: join(REPO, path) });
  return result!.messages.map((m) => m.ruleId ?? (m.fatal ? 'fatal' : 'unknown'));
}

describe('lint: import rules', () => {
  it('an import circle fails lint, in both of its modules', async () => {
    expect(await ruleIds('circleA')).toEqual(['import-x/no-cycle']);
    expect(await ruleIds('circleB')).toEqual(['import-x/no-cycle']);
  });

  it('the same modules importing one way only pass', async () => {
    expect(await ruleIds('lineA')).toEqual([]);
    expect(await ruleIds('lineB')).toEqual([]);
  });

  it('a handler taking the writable store from ctx.services fails lint', async () => {
    expect(await ruleIds('writableFromServices')).toEqual(['no-restricted-syntax']);
  });

  it('a renderer feature importing another feature fails lint', async () => {
    expect(await ruleIds('crossFeature')).toEqual(['import-x/no-restricted-paths']);
  });

  it('lib/ importing a feature fails lint', async () => {
    expect(await ruleIds('libToFeature')).toEqual(['import-x/no-restricted-paths']);
  });

  it("a feature importing its own folder, components/, lib/, app/ and the core's API types passes", async () => {
    expect(await ruleIds('allowedFeature')).toEqual([]);
  });
});
