import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors/app-error';
import {
  HEIC_DECODABLE,
  MAX_IMAGE_SIDE,
  MAX_IMPORT_BYTES,
  THUMBNAIL_SIDE,
  prepareImport,
  sniffFileType,
} from '../../electron/core/documents/file-import';

/** Values that must not survive the import; ASCII so they can be searched for in raw bytes. */
const SECRETS = {
  make: 'BalabaqshaTestCam',
  artist: 'Aruzhan Nurlanovna',
  gpsDatum: 'WGS-84-TESTDATUM',
};

/** A JPEG with EXIF (camera, author, GPS position) and the given EXIF orientation. */
async function photo(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .composite([
      // A dark bar on the top rows, so orientation can be checked from the pixels too.
      {
        input: {
          create: { width, height: Math.ceil(height / 10), channels: 3, background: '#000' },
        },
        top: 0,
        left: 0,
      },
    ])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation })
    .withExif({
      IFD0: { Make: SECRETS.make, Artist: SECRETS.artist, Orientation: String(orientation) },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '43/1 14/1 3000/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '76/1 53/1 1200/100',
        GPSMapDatum: SECRETS.gpsDatum,
      },
    })
    .toBuffer();
}

/** A realistic camera-sized JPEG: noise keeps it from compressing to nothing. */
async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const small = { width: width / 10, height: height / 10, channels: 3 as const };
  return sharp(randomBytes(small.width * small.height * 3), { raw: small })
    .resize(width, height)
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A valid PNG built by hand: 1-bit greyscale, all zero, so huge dimensions stay tiny. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const scanlines = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // filter byte 0 + zeros
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Medical certificate (test)', { x: 60, y: 760, font });
  return Buffer.from(await doc.save());
}

/** Rejects with an AppError of this code whose parameters hold nothing from the file. */
async function expectRefused(bytes: Buffer, code: string): Promise<AppError> {
  const error = await prepareImport(bytes).then(
    () => {
      throw new Error(`expected ${code}, the file was accepted`);
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

const heicHeader = (brand: string) =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from(`ftyp${brand}`, 'latin1'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from(`mif1${brand}`, 'latin1'),
    randomBytes(64),
  ]);

describe('sniffFileType', () => {
  it('recognises JPEG, PNG, HEIC and PDF from their bytes', async () => {
    expect(sniffFileType(await photo(16, 16))).toBe('image/jpeg');
    expect(
      sniffFileType(
        await sharp(await photo(16, 16))
          .png()
          .toBuffer(),
      ),
    ).toBe('image/png');
    for (const brand of ['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']) {
      expect(sniffFileType(heicHeader(brand))).toBe('image/heic');
    }
    expect(sniffFileType(await pdf())).toBe('application/pdf');
  });

  it('recognises nothing else: executables, AVIF, random bytes, empty or short input', () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), randomBytes(60)]);
    const mz = Buffer.concat([Buffer.from('MZ', 'latin1'), randomBytes(126)]);
    expect(sniffFileType(elf)).toBeNull();
    expect(sniffFileType(mz)).toBeNull();
    expect(sniffFileType(heicHeader('avif'))).toBeNull();
    expect(sniffFileType(Buffer.alloc(0))).toBeNull();
    expect(sniffFileType(Buffer.from([0xff, 0xd8]))).toBeNull();
    // Random bytes never start with a signature (checked, not left to chance).
    let random = randomBytes(4096);
    while (random[0] === 0xff || random[0] === 0x89 || random[0] === 0x25)
      random = randomBytes(4096);
    expect(sniffFileType(random)).toBeNull();
  });
});

describe('prepareImport: images', () => {
  it('re-encodes a JPEG without EXIF, GPS, XMP or ICC', async () => {
    const input = await photo(640, 480);
    for (const secret of [...Object.values(SECRETS), 'Exif']) {
      expect(input.includes(secret)).toBe(true); // the fixture really carries them
    }
    const out = await prepareImport(input);
    expect(out.mime).toBe('image/jpeg');
    expect([out.width, out.height]).toEqual([640, 480]);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    for (const bytes of [out.bytes, out.thumbnail!]) {
      for (const secret of [...Object.values(SECRETS), 'Exif', 'http://ns.adobe.com/xap']) {
        expect(bytes.includes(secret)).toBe(false);
      }
    }
  });

  it('applies the EXIF orientation: a portrait photo stored sideways comes out upright', async () => {
    const out = await prepareImport(await photo(600, 400, 6));
    expect([out.width, out.height]).toEqual([400, 600]);
    // Orientation 6 = rotate 90° clockwise: the dark bar on the stored top moves to the right.
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(pixel(info.width - 5, 300)).toBeLessThan(40);
    expect(pixel(5, 300)).toBeGreaterThan(150);
    const thumb = await sharp(out.thumbnail!).metadata();
    expect([thumb.width, thumb.height]).toEqual([213, THUMBNAIL_SIDE]);
  });

  it('keeps a 4000×3000 photo at full size with a 320 px thumbnail', async () => {
    const out = await prepareImport(await noisyJpeg(4000, 3000));
    expect([out.width, out.height]).toEqual([4000, 3000]);
    const thumb = await sharp(out.thumbnail!).metadata();
    expect(thumb.format).toBe('jpeg');
    expect(Math.max(thumb.width!, thumb.height!)).toBe(THUMBNAIL_SIDE);
    expect([thumb.width, thumb.height]).toEqual([320, 240]);
  });

  it('downscales so the longest side is at most 4000 px, never enlarges', async () => {
    const wide = await prepareImport(await noisyJpeg(6000, 1500));
    expect([wide.width, wide.height]).toEqual([MAX_IMAGE_SIDE, 1000]);
    const tiny = await prepareImport(await photo(100, 50));
    expect([tiny.width, tiny.height]).toEqual([100, 50]);
    const thumb = await sharp(tiny.thumbnail!).metadata();
    expect([thumb.width, thumb.height]).toEqual([100, 50]);
  });

  it('turns a PNG (with transparency) into a JPEG on white', async () => {
    const png = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const out = await prepareImport(png);
    expect(out.mime).toBe('image/jpeg');
    expect(sniffFileType(out.bytes)).toBe('image/jpeg');
    expect([out.width, out.height]).toEqual([300, 200]);
    const { data } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(245);
  });

  it('refuses a truncated JPEG or PNG as damaged', async () => {
    const jpeg = await noisyJpeg(800, 600);
    await expectRefused(jpeg.subarray(0, jpeg.length >> 1), 'damagedFile');
    const png = await sharp(jpeg).png().toBuffer();
    await expectRefused(png.subarray(0, png.length >> 1), 'damagedFile');
    await expectRefused(jpeg.subarray(0, 3), 'damagedFile');
  });

  it('refuses a decompression bomb (20000×20000 in a few KB) before decoding it', async () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200_000);
    const error = await expectRefused(bomb, 'imageTooLarge');
    expect(error.params).toEqual({ maxMegapixels: 200 });
  });

  it('refuses HEIC it cannot decode as unsupported, one it can but is broken as damaged', async () => {
    await expectRefused(heicHeader('heic'), HEIC_DECODABLE ? 'damagedFile' : 'unsupportedFileType');
  });
});

describe('prepareImport: other files', () => {
  it('refuses a renamed .exe and random bytes as unsupported', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(4096)]);
    const error = await expectRefused(exe, 'unsupportedFileType');
    expect(error.params).toEqual({});
    await expectRefused(Buffer.alloc(0), 'unsupportedFileType');
  });

  it('refuses anything over the size limit before looking at it', async () => {
    const error = await expectRefused(Buffer.alloc(MAX_IMPORT_BYTES + 1), 'fileTooLarge');
    expect(error.params).toEqual({ maxMegabytes: 25 });
    expect(MAX_IMPORT_BYTES).toBe(25 * 1024 * 1024);
  });

  it('keeps a PDF byte for byte, without thumbnail', async () => {
    const input = await pdf();
    const out = await prepareImport(input);
    expect(out.mime).toBe('application/pdf');
    expect(out.bytes.equals(input)).toBe(true);
    expect(out.thumbnail).toBeUndefined();
    expect(out.width).toBeUndefined();
  });

  it('refuses a PDF without its %%EOF trailer (cut off) as damaged', async () => {
    const input = await pdf();
    const eof = input.lastIndexOf('%%EOF');
    expect(eof).toBeGreaterThan(0);
    await expectRefused(input.subarray(0, eof), 'damagedFile');
    await expectRefused(input.subarray(0, input.length >> 1), 'damagedFile');
    await expectRefused(Buffer.from('%PDF-1.7\n', 'latin1'), 'damagedFile');
  });
});
