import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import {
  PrintChoiceFields,
  usePrintChoices,
  usePrintErrorText,
} from '../../components/PrintChoices';
import type { ListQuery } from './list-query';

export interface ListPrint {
  query: ListQuery;
  language: 'kk' | 'ru';
  /** What is printed, as the tab names it ("Аллергиялар — Күншуақ"). */
  title: string;
}

/**
 * Printer, copies, two-sided (the print choices contracts use); the core lays the list out
 * again with the same query and sends it as one job.
 */
export function ListPrintDialog({
  target,
  onClose,
}: {
  target: ListPrint | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = usePrintErrorText();
  const choice = usePrintChoices(!!target);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const close = () => {
    setFailure(null);
    onClose();
  };
  const print = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!target || !choice.printer || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await call('reports.printList', {
        ...target.query,
        language: target.language,
        printer: choice.printer,
        copies: choice.copies,
        duplex: choice.duplex,
      });
      notifications.show({ message: t('reportsLists.printed'), color: 'green' });
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={!!target}
      onClose={() => !busy && close()}
      title={t('reportsLists.printTitle')}
      closeOnClickOutside={!busy}
    >
      <form onSubmit={print}>
        <Stack>
          {target && <Text size="sm">{target.title}</Text>}
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
