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
