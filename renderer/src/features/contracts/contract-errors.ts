import { useTranslation } from 'react-i18next';
import { CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';

/** The core's error as a sentence, with the print system's reason when it gave one. */
export function useContractErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    const text = errorText(error);
    const reason = error instanceof CoreError ? error.params.reason : undefined;
    const key = `print.reasons.${String(reason)}`;
    return typeof reason === 'string' && i18n.exists(key) ? `${text} ${t(key)}` : text;
  };
}

/** The fields a `contractDataMissing` error names, if that is what it is. */
export function missingFieldsOf(error: unknown): string[] | null {
  if (!(error instanceof CoreError) || error.code !== 'contractDataMissing') return null;
  return ([] as string[]).concat((error.params.fields as readonly string[] | undefined) ?? []);
}

/** dd.mm.yyyy, as dates are written in Kazakhstan. */
export const formatDate = (iso: string | null | undefined) =>
  iso ? iso.slice(0, 10).split('-').reverse().join('.') : '';

/** Today in the local calendar, as an ISO date. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Reads a chosen file into base64 in memory; nothing is written anywhere. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
