/**
 * What the benches that measure against a target share: timing, and one printed line per
 * measurement with its target and its raw costs side by side (the ratio is time ÷ raw).
 */

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** The median time of `times` runs, one after another. */
export async function median(times: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push((await timed(work)).ms);
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

export const fmt = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;

/** `name  time ✓ (≤ target)   raw: label time, ×ratio; …` */
export function line(name: string, ms: number, target: number | null, raws: [string, number][]) {
  const verdict =
    target === null ? '' : ms <= target ? ` ✓ (≤ ${fmt(target)})` : ` ✗ (> ${fmt(target)})`;
  const rawText = raws
    .map(([label, raw]) => `${label} ${fmt(raw)}, ×${(ms / Math.max(raw, 0.001)).toFixed(2)}`)
    .join('; ');
  console.log(
    `${name.padEnd(34)} ${fmt(ms).padStart(10)}${verdict}${rawText ? `   raw: ${rawText}` : ''}`,
  );
}
