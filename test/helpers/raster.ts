import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Each page of a PDF as 8-bit grey pixels (pdftoppm, PGM), for comparing what pages show. */
export function rasterPages(
  pdf: Uint8Array,
  dpi = 40,
): { width: number; height: number; pixels: Buffer }[] {
  const dir = mkdtempSync(join(tmpdir(), 'bq-raster-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), join(dir, 'in.pdf'), join(dir, 'page')], {
      stdio: 'ignore',
    });
    return readdirSync(dir)
      .filter((name) => name.endsWith('.pgm'))
      .sort()
      .map((name) => {
        const bytes = readFileSync(join(dir, name));
        const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(
          bytes.subarray(0, 40).toString('latin1'),
        )!;
        return {
          width: Number(header[1]),
          height: Number(header[2]),
          pixels: bytes.subarray(header[0].length),
        };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean absolute grey difference of two pages, 0 (identical) … 255. */
export function pageDifference(a: { pixels: Buffer }, b: { pixels: Buffer }): number {
  const length = Math.min(a.pixels.length, b.pixels.length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.abs(a.pixels[i]! - b.pixels[i]!);
  return sum / length;
}
