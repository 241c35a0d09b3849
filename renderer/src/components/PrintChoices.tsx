import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, Loader, NativeSelect, NumberInput } from '@mantine/core';
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
