import { useTranslation } from 'react-i18next';
import { Alert } from '@mantine/core';
import { PdfPages } from '../../components/PdfPages';

/** A PDF from memory with translated page names and a message if it cannot be drawn. */
export function PdfView({ base64 }: { base64: string }) {
  const { t } = useTranslation();
  return (
    <PdfPages
      base64={base64}
      pageLabel={(number) => t('child.documents.page', { number })}
      fallback={
        <Alert color="red" role="alert">
          {t('child.documents.cannotShow')}
        </Alert>
      }
    />
  );
}
