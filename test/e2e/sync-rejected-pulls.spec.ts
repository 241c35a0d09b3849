import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

/**
 * A change from the portal that breaks the kindergarten's rules (here: an IIN with a wrong
 * check digit) is not applied; the Portal page's rejected tab counts it and explains it in the
 * UI language, with the child's name and the field, under the rejected changes.
 */

const SCREENS = 'test-results/screens';

let host: RunningHost;
let portal: SpawnedPortal;
let portalDir: string;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  portalDir = mkdtempSync(join(tmpdir(), 'bq-e2e-portal-'));
  host = await startHost();
  portal = await spawnPortalEmulator({ dbPath: join(portalDir, 'portal.db'), referrals: 2 });
});
test.afterAll(async () => {
  await portal?.stop();
  host.stop();
  rmSync(portalDir, { recursive: true, force: true });
});

const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);

interface Referral {
  childId: string;
  child: { id: string; lastName: string; firstName: string } | null;
}

test("a portal change with an invalid IIN is listed as refused here, in Kazakh; a valid one shows in the child's history", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await setUpKindergarten(page, host.url);
  await rpc('sync.enroll', { portalUrl: portal.url, enrollmentCode: portal.enrollmentCode });
  await rpc('sync.run');
  const [referral] = await rpc<Referral[]>('referrals.list', {});
  const child = referral!.child!;
  const { data } = (await portal.entity('child', child.id))!;
  const iin = String(data.iin);
  const wrong = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
  await portal.edit('child', child.id, { iin: wrong });

  await page.getByRole('button', { name: 'Портал', exact: true }).click();
  await page.getByTestId('sync-now').click();
  const tab = page.getByRole('tab', { name: /Қабылданбағандар/ });
  await expect(tab).toContainText('1', { timeout: 60_000 });
  await tab.click();
  const rows = page.getByTestId('rejected-pulls-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-reason', 'iinInvalid');
  await expect(rows.first().getByTestId('rejected-pull-subject')).toContainText(child.lastName);
  await expect(rows.first().getByTestId('rejected-pull-fields')).toHaveText('ЖСН');
  await expect(rows.first().getByTestId('rejected-pull-meaning')).toHaveText(
    'Портал жіберген ЖСН дұрыс емес: бақылау саны сәйкес келмейді.',
  );
  // Nothing of it was applied: the child's IIN here is still the valid one.
  const { rows: children } = await rpc<{ rows: { id: string; iin: string }[] }>('children.list', {
    query: iin,
  });
  expect(children.map((c) => c.id)).toEqual([child.id]);
  await page.screenshot({ path: `${SCREENS}/sync-rejected-pulls.png`, fullPage: true });

  // A change that keeps the rules is applied, and the child's history says it came from the
  // portal, with the field it changed.
  const other = (await rpc<Referral[]>('referrals.list', {})).find(
    (r) => r.child && r.child.id !== child.id,
  )!.child!;
  await portal.edit('child', other.id, { actualAddress: 'Астана, Сарайшық 5' });
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-running', 'false');
  await expect
    .poll(async () => {
      const { rows: found } = await rpc<{ rows: { id: string }[] }>('children.list', {
        query: other.lastName,
      });
      return found.length;
    })
    .toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  await page.getByLabel('Аты немесе ЖСН бойынша іздеу').fill(other.lastName);
  await page
    .getByRole('row', { name: new RegExp(other.firstName) })
    .first()
    .click();
  await page.getByRole('tab', { name: 'Тарих' }).click();
  const history = page.getByTestId('child-history');
  await expect(history.getByTestId('audit-fields').first()).toHaveText(
    'Өрістер: Нақты тұратын мекенжайы',
    { timeout: 30_000 },
  );
  await expect(
    history
      .locator('tbody tr')
      .filter({ has: page.getByTestId('audit-fields') })
      .first(),
  ).toContainText(/Портал\s*Порталдан алынған өзгерістер/);
  // Every field named in words, none as its code.
  for (const fields of await history.getByTestId('audit-fields').allInnerTexts())
    expect(fields).not.toMatch(/[a-z][A-Z]/);
  await page.screenshot({ path: `${SCREENS}/sync-history-from-portal.png`, fullPage: true });
});
