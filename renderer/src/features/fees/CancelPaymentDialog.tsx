import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { requiredText, showFieldErrors } from '../../lib/validation';
import { formatDate } from '../../lib/dates';
import { formatTenge } from '../../../../electron/core/vocabulary/money';

const CancelValues = z.object({ reason: requiredText.max(500, 'fees.cancelPayment.tooLong') });
type CancelValues = z.infer<typeof CancelValues>;

export interface CancelTarget {
  paymentId: string;
  name: string;
  date: string;
  amount: number;
  receiptNumber: string;
}

/**
 * A payment recorded by mistake is cancelled with a reason, never deleted: it stays in the
 * list, marked, counts in no balance, and its receipt number stays taken.
 */
export function CancelPaymentDialog({
  opened,
  target,
  onClose,
}: {
  opened: boolean;
  target: CancelTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('fees.cancelPayment.title')}>
      {target && <CancelForm target={target} onClose={onClose} />}
    </Modal>
  );
}

function CancelForm({ target, onClose }: { target: CancelTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<CancelValues>({
    resolver: zodResolver(CancelValues),
    defaultValues: { reason: '' },
  });
  const reasonError = form.formState.errors.reason?.message;
  const submit = form.handleSubmit(async ({ reason }) => {
    setFailure(null);
    try {
      await call('fees.cancelPayment', { paymentId: target.paymentId, reason: reason.trim() });
      notifications.show({ color: 'green', message: t('fees.cancelPayment.done') });
      await queryClient.invalidateQueries({ queryKey: ['fees'] });
      onClose();
    } catch (error) {
      if (!showFieldErrors(error, form.setError, ['reason'])) setFailure(errorText(error));
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="cancel-payment-form">
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Text size="sm">
          {t('fees.cancelPayment.which', {
            name: target.name,
            date: formatDate(target.date),
            amount: formatTenge(target.amount),
            receiptNumber: target.receiptNumber,
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('fees.cancelPayment.hint')}
        </Text>
        <Textarea
          label={t('fees.cancelPayment.reason')}
          withAsterisk
          autosize
          minRows={2}
          maxLength={500}
          data-autofocus
          {...form.register('reason')}
          error={reasonError ? t(reasonError) : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('fees.cancelPayment.back')}
          </Button>
          <Button type="submit" color="red" loading={form.formState.isSubmitting}>
            {t('fees.cancelPayment.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
