import { AppError } from '../errors/app-error';

/**
 * Why an imported file was refused. The parameters never carry the file's name or any of its
 * content: only the limit the user has to stay under.
 */
export const FileTooLarge = (maxMegabytes: number) =>
  new AppError('fileTooLarge', { maxMegabytes });

/** Not a JPEG, PNG, HEIC (where it can be decoded) or PDF, whatever the file's name says. */
export const UnsupportedFileType = () => new AppError('unsupportedFileType');

/** The type is right but the content does not decode: truncated, cut off or corrupt. */
export const DamagedFile = () => new AppError('damagedFile');

/** An image with more pixels than a photo has (e.g. a decompression bomb), however small its file. */
export const ImageTooLarge = (maxMegapixels: number) =>
  new AppError('imageTooLarge', { maxMegapixels });
