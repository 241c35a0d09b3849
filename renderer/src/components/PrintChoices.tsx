import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../lib/api';
import { useErrorText } from '../lib/errors';

/**
 * What every print dialog asks (printer, copies, two-sided) and how it words a failed job:
 * the contracts' print dialog and the personal-data report's use the same. The core prints;
 * these only choose.
 */

/** The core's error as a sentence, with the print system's reason when it gave one. */
export function usePrintErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    const text = errorText(error);
    const reason = error instanceof CoreError ? error.params.reason : undefined;
    const key = `print.reasons.${String(reason)}`;
    return typeof reason === 'string' && i18n.exists(key) ? `${text} ${t(key)}` : text;
  };
}

export interface PrintChoiceState {
  printers: ReturnType<typeof usePrinters>;
  /** The chosen printer, the system's first until one is picked. */
  printer: string;
  copies: number;
  duplex: boolean;
  setPrinter: (printer: string) => void;
  setCopies: (copies: number) => void;
  setDuplex: (duplex: boolean) => void;
}

function usePrinters(enabled: boolean) {
  return useQuery({
    queryKey: ['printers'],
    queryFn: () => call('printing.printers', undefined),
    enabled,
    staleTime: 0,
  });
}

/** The printers the system offers (asked while `enabled`) and the choices made. */
export function usePrintChoices(enabled: boolean): PrintChoiceState {
  const printers = usePrinters(enabled);
  const [printer, setPrinter] = useState('');
  const [copies, setCopies] = useState(1);
  const [duplex, setDuplex] = useState(true);
  return {
    printers,
    printer: printer || printers.data?.printers[0] || '',
    copies,
    duplex,
    setPrinter,
    setCopies,
    setDuplex,
  };
}

/** Printer, copies and two-sided printing as form fields; disabled while a job is `busy`. */
export function PrintChoiceFields({ choices, busy }: { choices: PrintChoiceState; busy: boolean }) {
  const { t } = useTranslation();
  const errorText = usePrintErrorText();
  const { printers } = choices;
  return (
    <>
      {printers.isLoading && <Loader size="sm" />}
      {printers.error && <Alert color="red">{errorText(printers.error)}</Alert>}
      {printers.data && printers.data.printers.length === 0 && (
        <Alert color="orange">{t('print.noPrinters')}</Alert>
      )}
      <NativeSelect
        label={t('print.printer')}
        data-autofocus
        value={choices.printer}
        disabled={busy || !printers.data?.printers.length}
        onChange={(event) => choices.setPrinter(event.currentTarget.value)}
        data={printers.data?.printers ?? []}
      />
      <NumberInput
        label={t('print.copies')}
        value={choices.copies}
        min={1}
        max={10}
        clampBehavior="strict"
        allowDecimal={false}
        disabled={busy}
        onChange={(value) => choices.setCopies(Math.min(10, Math.max(1, Number(value) || 1)))}
      />
      <Checkbox
        label={t('print.duplex')}
        checked={choices.duplex}
        disabled={busy}
        onChange={(event) => choices.setDuplex(event.currentTarget.checked)}
      />
    </>
  );
}

/** Printer, copies and two-sided as a print job asks for them. */
export interface PrintJobChoice {
  printer: string;
  copies: number;
  duplex: boolean;
}

/**
 * The print dialog of a document the core makes again and prints (a child's card or form,
 * a list): the choices, Print and Cancel, the failure in words; closes with `printed` said.
 * Open while `opened`; `print` sends the job.
 */
export function PrintDocumentDialog({
  opened,
  title,
  intro,
  printed,
  print,
  onClose,
}: {
  opened: boolean;
  title: string | undefined;
  /** A line above the choices (what is printed), if any. */
  intro?: ReactNode;
  printed: string | undefined;
  print: (choice: PrintJobChoice) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = usePrintErrorText();
  const choice = usePrintChoices(opened);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const close = () => {
    setFailure(null);
    onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!opened || !choice.printer || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await print({ printer: choice.printer, copies: choice.copies, duplex: choice.duplex });
      notifications.show({ message: printed, color: 'green' });
      close();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={opened}
      onClose={() => !busy && close()}
      title={title}
      closeOnClickOutside={!busy}
    >
      <form onSubmit={submit}>
        <Stack>
          {intro}
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
