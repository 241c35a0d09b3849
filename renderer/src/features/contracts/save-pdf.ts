import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { saveFile } from '../../lib/files';
import { useContractErrorText } from './contract-errors';
import { useContractFieldName } from './MissingList';

/**
 * Saves one contract or many (one file, each from a new page) as a PDF to send to the family:
 * laid out as the signed-in role may see it, audited by the core. The file is named by the
 * contract number (or the count), never by a person's name.
 */
export function useSaveContractsPdf() {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const fieldName = useContractFieldName();
  return async (contractIds: string[]): Promise<boolean> => {
    try {
      const saved = await call('contracts.savePdf', { contractIds });
      const fileName =
        saved.numbers.length === 1
          ? `${t('contracts.forGroup.fileOne')}-${saved.numbers[0]}.pdf`
          : `${t('contracts.forGroup.fileMany')}-${saved.numbers.length}.pdf`;
      saveFile(saved.pdfBase64, fileName, 'application/pdf');
      notifications.show({
        color: 'teal',
        message: t('contracts.forGroup.saved', { count: saved.numbers.length }),
      });
      if (saved.withheld.length)
        notifications.show({
          color: 'orange',
          message: t('contracts.forGroup.savedWithheld', {
            fields: saved.withheld.map(fieldName).join('; '),
          }),
        });
      return true;
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
      return false;
    }
  };
}
