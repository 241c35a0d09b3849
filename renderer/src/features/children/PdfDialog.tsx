import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { saveFile } from '../../lib/files';
import {
  PrintChoiceFields,
  usePrintChoices,
  usePrintErrorText,
} from '../../components/PrintChoices';
import { PdfView } from './PdfView';

/** What the print dialog asks for: the core builds the document again and prints it. */
export interface PrintChoice {
  printer: string;
  copies: number;
  duplex: boolean;
}

/** A PDF the core made about a child, as the viewer shows, saves and prints it. */
export interface ChildPdf {
  /** The viewer's title (the document's name). */
  title: string;
  pdfBase64: string;
  /** The saved file's name, with no personal data. */
  fileName: string;
  printTitle: string;
  /** The message once the job is with the printer. */
  printed: string;
  /** Sends the same document to the printer (a core print method). */
  print: (choice: PrintChoice) => Promise<unknown>;
  /** For tests: which document the viewer shows. */
  testId?: string;
}

/**
 * The one viewer for a child's PDFs (the personal-data report, the child's card, the consent
 * form): shown page by page, saved as a PDF file, or printed — the core builds the document
 * again and sends it through the same print path as contracts.
 */
export function PdfDialog({ pdf, onClose }: { pdf: ChildPdf | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [printing, setPrinting] = useState(false);
  return (
    <>
      <Modal opened={!!pdf && !printing} onClose={onClose} size="auto" title={pdf?.title}>
        {pdf && (
          <Stack data-testid={pdf.testId}>
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => saveFile(pdf.pdfBase64, pdf.fileName, 'application/pdf')}
              >
                {t('child.report.save')}
              </Button>
              <Button onClick={() => setPrinting(true)}>{t('child.report.print')}</Button>
            </Group>
            <PdfView base64={pdf.pdfBase64} />
          </Stack>
        )}
      </Modal>
      <PrintDialog pdf={printing ? pdf : null} onClose={() => setPrinting(false)} />
    </>
  );
}

function PrintDialog({ pdf, onClose }: { pdf: ChildPdf | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = usePrintErrorText();
  const choice = usePrintChoices(!!pdf);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const close = () => {
    setFailure(null);
    onClose();
  };
  const print = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!pdf || !choice.printer || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await pdf.print({ printer: choice.printer, copies: choice.copies, duplex: choice.duplex });
      notifications.show({ message: pdf.printed, color: 'green' });
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={!!pdf}
      onClose={() => !busy && close()}
      title={pdf?.printTitle}
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
