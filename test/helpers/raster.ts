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

/**
 * Pixels visibly not white (< 245) within `mm` of an edge (`outside`) and the rest (`inside`):
 * nothing may be cut at a page's edges, and a page with no ink inside is blank.
 */
export function inkNearEdges(
  page: { width: number; height: number; pixels: Buffer },
  dpi: number,
  mm: number,
): { outside: number; inside: number } {
  const band = Math.floor((mm / 25.4) * dpi);
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < page.height; y++)
    for (let x = 0; x < page.width; x++) {
      if (page.pixels[y * page.width + x]! >= 245) continue;
      if (x < band || y < band || x >= page.width - band || y >= page.height - band) outside++;
      else inside++;
    }
  return { outside, inside };
}
