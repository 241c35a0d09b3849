import { useTranslation } from 'react-i18next';
import { CoreError } from '../../lib/api';
import { usePrintErrorText } from '../../components/PrintChoices';

/**
 * The core's error as a sentence, with the print system's reason when it gave one, and for a
 * rejected e-signature the reason the core's verification named (`esign.failure.<reason>`).
 */
export function useContractErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const printErrorText = usePrintErrorText();
  return (error) => {
    if (error instanceof CoreError && error.code === 'signatureRejected') {
      const key = `esign.failure.${String(error.params.reason)}`;
      const text = t('errors.signatureRejected');
      return i18n.exists(key) ? `${text} ${t(key)}` : text;
    }
    return printErrorText(error);
  };
}

/** The fields a `contractDataMissing` error names, if that is what it is. */
export function missingFieldsOf(error: unknown): string[] | null {
  if (!(error instanceof CoreError) || error.code !== 'contractDataMissing') return null;
  return ([] as string[]).concat((error.params.fields as readonly string[] | undefined) ?? []);
}
