import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { saveFile } from '../../lib/files';
import { PrintDocumentDialog, type PrintJobChoice } from '../../components/PrintChoices';
import { PdfView } from './PdfView';

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
  print: (choice: PrintJobChoice) => Promise<unknown>;
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
  return (
    <PrintDocumentDialog
      opened={!!pdf}
      title={pdf?.printTitle}
      printed={pdf?.printed}
      print={(choice) => pdf!.print(choice)}
      onClose={onClose}
    />
  );
}
