/** The core refuses larger files too; checking here spares reading a huge file into memory. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_FILE_MEGABYTES = MAX_FILE_BYTES / 1024 / 1024;

export const dataUrl = (mime: string, base64: string) => `data:${mime};base64,${base64}`;

/** Empty text is "not given" for the core's optional fields. */
export const optional = (value: string | null | undefined) => value?.trim() || null;
