import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { PrintChoiceFields, usePrintChoices } from '../../components/PrintChoices';
import { missingFieldsOf, useContractErrorText } from './contract-errors';
import { MissingList } from './MissingList';

export type PrintTarget =
  | { kind: 'one'; contractId: string; number: string }
  | { kind: 'batch'; groupName: string; contractIds: string[] };

type Progress = { phase: 'preparing'; done: number; total: number } | { phase: 'sending' };

/**
 * Printer, copies, duplex; then one print job. A batch is prepared by the core step by step
 * (so the bar shows real work done) and sent as one job at the end; cancel stops before
 * anything reaches the printer.
 */
export function PrintDialog({
  target,
  onClose,
}: {
  target: PrintTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const queryClient = useQueryClient();
  const choice = usePrintChoices(!!target);
  const { printer: chosenPrinter, copies, duplex } = choice;
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const cancelled = useRef(false);
  const busy = progress !== null;

  /** The dialog stays mounted between targets: what failed for this one is not shown for the next. */
  const close = () => {
    setFailure(null);
    onClose();
  };

  const finish = async (message: string, color: 'green' | 'gray') => {
    notifications.show({ message, color });
    setProgress(null);
    await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    close();
  };

  const printBatch = async (contractIds: string[]) => {
    const choices = { printer: chosenPrinter, copies, duplex };
    const { batchId, total } = await call('contracts.batchStart', { contractIds });
    setProgress({ phase: 'preparing', done: 0, total });
    let done = 0;
    while (done < total && !cancelled.current) {
      ({ done } = await call('contracts.batchStep', { batchId }));
      setProgress({ phase: 'preparing', done, total });
    }
    if (cancelled.current) {
      await call('contracts.batchCancel', { batchId });
      await finish(t('print.cancelled'), 'gray');
      return;
    }
    setProgress({ phase: 'sending' });
    const { printed } = await call('contracts.batchPrint', { batchId, ...choices });
    await finish(t('print.printedMany', { count: printed }), 'green');
  };

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!target || !chosenPrinter) return;
    cancelled.current = false;
    setFailure(null);
    try {
      if (target.kind === 'batch') {
        await printBatch(target.contractIds);
      } else {
        setProgress({ phase: 'sending' });
        await call('contracts.print', {
          contractIds: [target.contractId],
          printer: chosenPrinter,
          copies,
          duplex,
        });
        await finish(t('print.printedOne', { number: target.number }), 'green');
      }
    } catch (error) {
      setProgress(null);
      setFailure(error);
    }
  };

  const cancel = () => {
    if (progress?.phase === 'preparing') cancelled.current = true;
    else if (!busy) close();
  };

  const missing = missingFieldsOf(failure);
  // In a batch the core names the contract that still lacks data.
  const missingIn = failure instanceof CoreError ? failure.params.contract : undefined;
  const title = !target
    ? ''
    : target.kind === 'one'
      ? t('print.title', { number: target.number })
      : t('print.batchTitle');
  return (
    <Modal opened={!!target} onClose={cancel} title={title} closeOnClickOutside={!busy}>
      <form onSubmit={start}>
        <Stack>
          {target?.kind === 'batch' && (
            <Text size="sm">
              {t('print.batchSummary', {
                group: target.groupName,
                count: target.contractIds.length,
              })}
            </Text>
          )}
          <PrintChoiceFields choices={choice} busy={busy} />
          {progress && (
            <Stack gap={4} data-testid="print-progress">
              <Progress
                aria-label={
                  progress.phase === 'preparing'
                    ? t('print.preparing', { done: progress.done, total: progress.total })
                    : t('print.sending')
                }
                value={
                  progress.phase === 'preparing'
                    ? Math.round((progress.done / Math.max(progress.total, 1)) * 100)
                    : 100
                }
                animated={progress.phase === 'sending'}
                striped={progress.phase === 'sending'}
              />
              <Text size="sm" role="status">
                {progress.phase === 'preparing'
                  ? t('print.preparing', { done: progress.done, total: progress.total })
                  : t('print.sending')}
              </Text>
            </Stack>
          )}
          {missing && typeof missingIn === 'string' && (
            <Text fw={600}>{t('contracts.previewTitle', { number: missingIn })}</Text>
          )}
          {missing && <MissingList fields={missing} />}
          {failure !== null && !missing && (
            <Alert color="red" role="alert">
              {errorText(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={cancel} disabled={progress?.phase === 'sending'}>
              {t('print.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!chosenPrinter}>
              {t('print.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
