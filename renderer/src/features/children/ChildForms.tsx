import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate, today } from '../../lib/dates';
import { PdfDialog, type ChildPdf } from './PdfDialog';

type FormLanguage = 'kk' | 'ru' | 'both';

/**
 * Builds a form in the core and opens it in the viewer. A form takes a second to build: the
 * button shows it, and a second click waits; a refusal is a translated message.
 */
function useChildPdf() {
  const errorText = useErrorText();
  const [pdf, setPdf] = useState<ChildPdf | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async (build: () => Promise<ChildPdf>) => {
    if (busy) return;
    setBusy(true);
    try {
      setPdf(await build());
    } catch (error) {
      notifications.show({ message: errorText(error), color: 'red' });
    } finally {
      setBusy(false);
    }
  };
  const dialog = <PdfDialog pdf={pdf} onClose={() => setPdf(null)} />;
  return { open, busy, dialog };
}

/** The child's card (reports.childCard), in the language the app is shown in. */
export function ChildCardButton({ childId }: { childId: string }) {
  const { t, i18n } = useTranslation();
  const { open, busy, dialog } = useChildPdf();
  const language = i18n.language === 'ru' ? 'ru' : 'kk';
  return (
    <>
      <Button
        variant="default"
        loading={busy}
        onClick={() =>
          void open(async () => ({
            title: t('reportsForms.card'),
            pdfBase64: (await call('reports.childCard', { childId, language })).base64,
            fileName: `${t('reportsForms.cardFileName', { date: formatDate(today()) })}.pdf`,
            printTitle: t('reportsForms.cardPrintTitle'),
            printed: t('reportsForms.cardPrinted'),
            print: (choice) => call('reports.printChildCard', { childId, language, ...choice }),
            testId: 'child-card',
          }))
        }
      >
        {t('reportsForms.card')}
      </Button>
      {dialog}
    </>
  );
}

/** The consent form for one representative to sign: in Kazakh, in Russian, or both. */
export function ConsentFormButton({
  childId,
  representativeId,
}: {
  childId: string;
  representativeId: string;
}) {
  const { t } = useTranslation();
  const { open, busy, dialog } = useChildPdf();
  const show = (language: FormLanguage) =>
    void open(async () => {
      const input = { childId, representativeId, language };
      return {
        title: t('reportsForms.consentForm'),
        pdfBase64: (await call('reports.consentForm', input)).base64,
        fileName: `${t('reportsForms.consentFileName', { date: formatDate(today()) })}.pdf`,
        printTitle: t('reportsForms.consentPrintTitle'),
        printed: t('reportsForms.consentPrinted'),
        print: (choice) => call('reports.printConsentForm', { ...input, ...choice }),
        testId: 'consent-form',
      };
    });
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" loading={busy}>
            {t('reportsForms.consentForm')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(['kk', 'ru', 'both'] as const).map((language) => (
            <Menu.Item key={language} onClick={() => show(language)}>
              {t(`reportsForms.languages.${language}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {dialog}
    </>
  );
}
