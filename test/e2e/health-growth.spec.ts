import { expect as baseExpect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Issue 13, item 7 in Chromium against the real web host: a weight typed with a decimal comma
 * (19,5) is stored as 19.5, a measurement dated next year is refused on its date field, and the
 * growth chart draws the WHO percentile bands (3–97, 15–85, median) for the child's sex.
 */
const SCREENS = 'test-results/screens';
const expect = baseExpect.configure({ timeout: 15_000 });

function iin(first11: string): string {
  const digit = checkDigit([...first11].map(Number));
  if (digit === null) throw new Error('no check digit for these 11 digits: pick another serial');
  return first11 + digit;
}

const pad = (n: number) => String(n).padStart(2, '0');
const shown = (date: Date) =>
  `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;

let host: RunningHost;
test.use({ actionTimeout: 15_000, locale: 'kk-KZ' });
test.setTimeout(180_000);
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

test('health entry: decimal comma, no future dates, WHO bands for the child', async ({ page }) => {
  await setUpKindergarten(page, host.url);
  const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);
  const { id: groupId } = await rpc<{ id: string }>('groups.create', {
    name: 'Ортаңғы «Балапан»',
    ageGroup: 'middle',
    language: 'kk',
  });
  const childIin = iin('21031450124');
  const { id: childId } = await rpc<{ id: string }>('children.create', {
    iin: childIin,
    lastName: 'Серіков',
    firstName: 'Арман',
    birthDate: '2021-03-14',
    sex: 'male',
    citizenship: 'KZ',
    groupId,
    status: 'enrolled',
  });
  for (const [measuredOn, heightCm, weightKg] of [
    ['2024-09-02', 101, 16.1],
    ['2025-03-03', 105.5, 17.2],
  ] as const)
    await rpc('health.addRecord', {
      childId,
      record: { kind: 'measurement', measuredOn, heightCm, weightKg },
    });

  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  await page.getByLabel('Аты немесе ЖСН бойынша іздеу').fill(childIin);
  await page.getByRole('row', { name: /Серіков Арман/ }).click();
  await page.getByRole('tab', { name: 'Денсаулық' }).click();
  const anthropometry = page.getByRole('region', { name: 'Антропометрия' });

  // Today's measurement with a decimal comma.
  await anthropometry.getByLabel('Өлшенген күні').fill(shown(new Date()));
  await anthropometry.getByLabel('Бойы, см').fill('111,5');
  await anthropometry.getByLabel('Салмағы, кг').fill('19,5');
  await anthropometry.getByRole('button', { name: 'Қосу' }).click();
  await expect(anthropometry.getByRole('cell', { name: '19.5 кг' })).toBeVisible();
  await expect(anthropometry.getByRole('cell', { name: '111.5 см' })).toBeVisible();

  // Next year: refused on the date field, nothing added.
  const nextYear = new Date();
  nextYear.setFullYear(nextYear.getFullYear() + 1);
  await anthropometry.getByLabel('Өлшенген күні').fill(shown(nextYear));
  await anthropometry.getByLabel('Бойы, см').fill('115');
  await anthropometry.getByLabel('Салмағы, кг').fill('20,1');
  await anthropometry.getByRole('button', { name: 'Қосу' }).click();
  await expect(
    anthropometry.getByText('Күн әлі келген жоқ: болашақ күнді енгізуге болмайды'),
  ).toBeVisible();
  await expect(anthropometry.getByRole('cell', { name: '115 см' })).toHaveCount(0);

  // The chart: both indicators over the WHO bands for a boy, three measurements each.
  const chart = page.getByTestId('growth-chart');
  await expect(chart).toBeVisible();
  for (const indicator of ['height', 'weight']) {
    const bands = page.getByTestId(`growth-${indicator}-bands`);
    await expect(bands).toHaveAttribute('data-sex', 'male');
    for (const band of ['3-97', '15-85', '50'])
      await expect(bands.locator(`[data-band="${band}"]`)).toHaveCount(1);
    await expect(page.getByTestId(`growth-${indicator}`).locator('circle')).toHaveCount(3);
  }
  // Every measurement lies inside the 3rd–97th band drawn for its age (a typical boy).
  const inside = await page.evaluate(() =>
    ['height', 'weight'].map((indicator) => {
      const svg = document.querySelector(`[data-testid="growth-${indicator}"]`)!;
      const band = svg.querySelector('[data-band="3-97"]') as SVGPolygonElement;
      return [...svg.querySelectorAll('circle')].map((circle) => {
        const point = (svg as SVGSVGElement).createSVGPoint();
        point.x = Number(circle.getAttribute('cx'));
        point.y = Number(circle.getAttribute('cy'));
        return band.isPointInFill(point);
      });
    }),
  );
  expect(inside).toEqual([
    [true, true, true],
    [true, true, true],
  ]);
  await expect(chart.getByText('ДДСҰ перцентильдері', { exact: false })).toBeVisible();
  await chart.screenshot({ path: `${SCREENS}/health-growth-who-bands.png` });
});
