import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, Loader, Modal, Stack } from '@mantine/core';
import { call } from '../../lib/api';
import { PdfPages } from '../../components/PdfPages';
import { missingFieldsOf, useContractErrorText } from './contract-errors';
import { MissingList } from './MissingList';

/**
 * The contract as it would print now, drawn by pdf.js from bytes the core rendered in memory.
 * Nothing is cached after the dialog closes.
 */
export function PreviewDialog({
  contract,
  onClose,
  onPrint,
}: {
  contract: { id: string; number: string; status: string } | null;
  onClose: () => void;
  onPrint: (contract: { id: string; number: string }) => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const rendered = useQuery({
    queryKey: ['contractPdf', contract?.id],
    queryFn: () => call('contracts.render', { contractId: contract!.id }),
    enabled: !!contract,
    gcTime: 0,
    staleTime: 0,
  });
  const missing = missingFieldsOf(rendered.error);
  const printable = contract?.status === 'draft' || contract?.status === 'printed';
  return (
    <Modal
      opened={!!contract}
      onClose={onClose}
      size={840}
      title={contract ? t('contracts.previewTitle', { number: contract.number }) : ''}
    >
      <Stack>
        {rendered.isLoading && <Loader />}
        {missing && <MissingList fields={missing} />}
        {rendered.error && !missing && <Alert color="red">{errorText(rendered.error)}</Alert>}
        {rendered.data && rendered.data.withheld.length > 0 && (
          <Alert color="blue" data-testid="contract-withheld">
            {t('contracts.previewWithheld', {
              fields: rendered.data.withheld
                .map((field) => t(`contracts.fields.${field}`))
                .join(', '),
            })}
          </Alert>
        )}
        {rendered.data && (
          <PdfPages
            base64={rendered.data.pdfBase64}
            width={760}
            pageLabel={(number) => t('contracts.previewPage', { number })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('contracts.close')}
          </Button>
          {contract && printable && rendered.data && (
            <Button onClick={() => onPrint(contract)}>{t('contracts.print')}</Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
