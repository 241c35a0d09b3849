import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { saveFile } from '../../lib/files';
import { today, formatDate } from '../../lib/dates';
import {
  PrintChoiceFields,
  usePrintChoices,
  usePrintErrorText,
} from '../../components/PrintChoices';
import { PdfView } from './PdfView';

export interface ChildReport {
  childId: string;
  language: 'kk' | 'ru';
  pdfBase64: string;
}

/**
 * The personal-data report as the core made it: shown page by page, saved as a PDF file
 * (the name carries no personal data), or printed — the core builds the report again and
 * sends it through the same print path as contracts.
 */
export function ReportDialog({
  report,
  onClose,
}: {
  report: ChildReport | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [printing, setPrinting] = useState(false);
  return (
    <>
      <Modal
        opened={!!report && !printing}
        onClose={onClose}
        size="auto"
        title={t('child.exportReport')}
      >
        {report && (
          <Stack>
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() =>
                  saveFile(
                    report.pdfBase64,
                    `${t('child.report.fileName', { date: formatDate(today()) })}.pdf`,
                    'application/pdf',
                  )
                }
              >
                {t('child.report.save')}
              </Button>
              <Button onClick={() => setPrinting(true)}>{t('child.report.print')}</Button>
            </Group>
            <PdfView base64={report.pdfBase64} />
          </Stack>
        )}
      </Modal>
      <ReportPrintDialog report={printing ? report : null} onClose={() => setPrinting(false)} />
    </>
  );
}

function ReportPrintDialog({
  report,
  onClose,
}: {
  report: ChildReport | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = usePrintErrorText();
  const choice = usePrintChoices(!!report);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const close = () => {
    setFailure(null);
    onClose();
  };
  const print = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!report || !choice.printer || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await call('children.printReport', {
        childId: report.childId,
        language: report.language,
        printer: choice.printer,
        copies: choice.copies,
        duplex: choice.duplex,
      });
      notifications.show({ message: t('child.report.printed'), color: 'green' });
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={!!report}
      onClose={() => !busy && close()}
      title={t('child.report.printTitle')}
      closeOnClickOutside={!busy}
    >
      <form onSubmit={print}>
        <Stack>
          <PrintChoiceFields choices={choice} busy={busy} />
          {failure !== null && (
            <Alert color="red" role="alert">
              {errorText(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy}>
              {t('print.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!choice.printer}>
              {t('print.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
