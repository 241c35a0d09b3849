import sharp from 'sharp';
import { z } from 'zod';
import { DamagedFile, FileTooLarge, ImageTooLarge, UnsupportedFileType } from './import-errors';

/**
 * Turning a file the user picked (dialog, drag-and-drop, camera) into what the vault stores.
 * The type comes from the bytes, never from the name; images are decoded completely and
 * re-encoded, so nothing of the original file (EXIF with GPS position, camera serial, XMP,
 * embedded thumbnails, trailing data) reaches the store. Electron-free: plain Node and sharp.
 */

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf';

export interface PreparedFile {
  bytes: Buffer;
  mime: 'image/jpeg' | 'application/pdf';
  width?: number;
  height?: number;
  /** JPEG, longest side 320 px; images only. */
  thumbnail?: Buffer;
}

/**
 * 25 MiB: a phone photo (3–12 MB), a HEIC (1–4 MB) or a multi-page scanned PDF fits with room
 * to spare; a file larger than that is most likely a video or an archive picked by mistake,
 * and refusing it early keeps a base64 copy of it out of the IPC channel and the memory.
 */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;
const MAX_IMPORT_MEGABYTES = MAX_IMPORT_BYTES / (1024 * 1024);

/** Base64 of at most the import limit: an oversized file is refused before it is decoded. */
export const FileContent = z
  .string()
  .refine((base64) => base64.length <= Math.ceil(MAX_IMPORT_BYTES / 3) * 4, {
    message: 'fileTooLarge',
  });

/**
 * Decompression-bomb guard: sharp reads the dimensions from the header and refuses before it
 * decodes anything. 200 MP rather than the usual 100 MP because current phones have 108 MP and
 * 200 MP modes (16320×12240 = 199.8 MP) whose JPEGs can stay under 25 MiB; measured here, such
 * a JPEG imports in ~1 s and ~100 MB of memory thanks to JPEG shrink-on-load. A 20000×20000
 * one-colour PNG of a few kilobytes is refused.
 */
export const MAX_INPUT_PIXELS = 200_000_000;

/** Stored images are at most this many pixels on their longest side (enough for a print). */
export const MAX_IMAGE_SIDE = 4000;
export const THUMBNAIL_SIDE = 320;
const JPEG_QUALITY = 85;
const THUMBNAIL_QUALITY = 80;

/** The PDF trailer's %%EOF must be in the last 1024 bytes, the window PDF readers search. */
const PDF_EOF_WINDOW = 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const PDF_EOF = Buffer.from('%%EOF', 'latin1');
/** ISO-BMFF major brands of HEIF images; AVIF ('avif') is not offered as an import type. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The type of a file from its first bytes only. */
export function sniffFileType(bytes: Buffer): SniffedType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image/png';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 4, 8) === 'ftyp' &&
    HEIF_BRANDS.has(bytes.toString('latin1', 8, 12))
  ) {
    return 'image/heic';
  }
  if (bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'application/pdf';
  return null;
}

/**
 * Whether this sharp build decodes HEIC. The prebuilt sharp binaries ship libheif with the
 * AV1 decoder only (HEVC is patent-encumbered), so `format.heif.input` is true but lists only
 * '.avif': iPhone photos (HEVC-coded HEIC) then cannot be decoded and are refused as
 * `unsupportedFileType`, which tells the user to send a JPEG ("Most compatible" camera
 * setting). A libvips built with libde265 lists '.heic' and is used automatically.
 */
export const HEIC_DECODABLE = (() => {
  const input = sharp.format.heif?.input;
  return Boolean(input?.buffer && input.fileSuffix?.some((s) => s === '.heic' || s === '.heif'));
})();

/**
 * Checks, cleans and shrinks a file for the vault. Throws FileTooLarge, UnsupportedFileType
 * or DamagedFile; never a message carrying the file's content.
 */
export async function prepareImport(bytes: Buffer): Promise<PreparedFile> {
  if (bytes.length > MAX_IMPORT_BYTES) throw FileTooLarge(MAX_IMPORT_MEGABYTES);
  const type = sniffFileType(bytes);
  switch (type) {
    case 'application/pdf':
      return preparePdf(bytes);
    case 'image/heic':
      if (!HEIC_DECODABLE) throw UnsupportedFileType();
      return prepareImage(bytes);
    case 'image/jpeg':
    case 'image/png':
      return prepareImage(bytes);
    default:
      throw UnsupportedFileType();
  }
}

/**
 * PDFs are kept byte for byte (re-rendering would lose text and signatures), so only a
 * minimal sanity check: the header (already sniffed) and a trailer near the end, which a
 * truncated download or a half-copied file lacks.
 */
function preparePdf(bytes: Buffer): PreparedFile {
  const tail = bytes.subarray(Math.max(0, bytes.length - PDF_EOF_WINDOW));
  if (bytes.length <= PDF_MAGIC.length + PDF_EOF.length || !tail.includes(PDF_EOF)) {
    throw DamagedFile();
  }
  return { bytes, mime: 'application/pdf' };
}

/**
 * One input, two sharp clones run side by side on the libuv pool: the stored image (≤ 4000 px)
 * and the thumbnail (≤ 320 px; for JPEG input its clone decodes with shrink-on-load at 1/8
 * scale, ~35 ms of the ~200 ms a 12 MP photo takes here). sharp.concurrency is left alone:
 * its default is the core count on Windows and 1 on glibc Linux (memory fragmentation), and
 * 2 measured no faster on this 2-core machine, where the two clones already fill both.
 *
 * Both are fully decoded, oriented by EXIF, converted to sRGB through any embedded ICC
 * profile (sharp's default), flattened onto white (PNG transparency) and written without any
 * metadata: sharp keeps none unless asked, and this code never asks (no withMetadata,
 * keepExif or keepIccProfile).
 */
async function prepareImage(bytes: Buffer): Promise<PreparedFile> {
  const source = sharp(bytes, {
    // 'error' is stricter than 'truncated' (refuses a cut-off JPEG or PNG) but unlike the
    // default 'warning' still accepts the harmless libjpeg warnings some phones trigger.
    failOn: 'error',
    limitInputPixels: MAX_INPUT_PIXELS,
    autoOrient: true,
  });
  const encode = (side: number, quality: number) =>
    source
      .clone()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
  try {
    const [main, thumbnail] = await Promise.all([
      encode(MAX_IMAGE_SIDE, JPEG_QUALITY),
      encode(THUMBNAIL_SIDE, THUMBNAIL_QUALITY),
    ]);
    return {
      bytes: main.data,
      mime: 'image/jpeg',
      width: main.info.width,
      height: main.info.height,
      thumbnail: thumbnail.data,
    };
  } catch (error) {
    throw decodeFailure(error);
  }
}

/** sharp's messages can quote the input; only the kind of failure is kept. */
function decodeFailure(error: unknown) {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) return ImageTooLarge(MAX_INPUT_PIXELS / 1_000_000);
  return DamagedFile();
}
