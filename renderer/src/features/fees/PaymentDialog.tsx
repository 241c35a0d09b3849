import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { requiredText, showFieldErrors } from '../../lib/validation';
import { dateFieldError, FormDateField } from '../../components/DateField';
import { today } from '../../lib/dates';
import { formatTenge, parseTenge } from '../../../../electron/core/vocabulary/money';
import { FormChildSelect } from './ChildSelect';
import { monthLabel } from './months';

const PaymentValues = z.object({
  childId: z.string().min(1, 'validation.required'),
  date: z.string().superRefine((value, ctx) => {
    const problem = dateFieldError(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  amount: z
    .string()
    .refine((value) => value.trim() !== '', 'validation.required')
    .refine((value) => !value.trim() || parseTenge(value) > 0, 'fees.invalidAmount'),
  receiptNumber: requiredText.max(40, 'fees.tooLong'),
});
type PaymentValues = z.infer<typeof PaymentValues>;

/** Who the payment is for when it is recorded from a row of the sheet. */
export interface PaymentTarget {
  childId: string;
  name: string;
  /** The sheet's month: a payment dated outside it counts in another month's sheet. */
  month: string;
}

/**
 * The accountant records a payment a family made: date, amount in tenge (a decimal comma is
 * fine; stored as tiyn) and the receipt's number, which no other payment may have.
 */
export function PaymentDialog({
  opened,
  target,
  onClose,
}: {
  opened: boolean;
  target: PaymentTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The form lives only while the dialog is open: each opening starts empty, dated today.
  return (
    <Modal opened={opened} onClose={onClose} title={t('fees.payment.title')}>
      <PaymentForm target={target} onClose={onClose} />
    </Modal>
  );
}

function PaymentForm({ target, onClose }: { target: PaymentTarget | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<PaymentValues>({
    resolver: zodResolver(PaymentValues),
    defaultValues: { childId: target?.childId ?? '', date: today(), amount: '', receiptNumber: '' },
  });
  const message = (field: keyof PaymentValues) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key, { receiptNumber: form.getValues('receiptNumber').trim() }) : undefined;
  };
  const amount = parseTenge(useWatch({ control: form.control, name: 'amount' }));
  const date = useWatch({ control: form.control, name: 'date' });
  const dateMonth = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(0, 7) : null;

  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await call('fees.recordPayment', {
        childId: values.childId,
        date: values.date,
        amount: parseTenge(values.amount),
        receiptNumber: values.receiptNumber.trim(),
      });
      notifications.show({ color: 'green', message: t('fees.payment.saved') });
      await queryClient.invalidateQueries({ queryKey: ['fees'] });
      onClose();
    } catch (error) {
      if (error instanceof CoreError && error.code === 'paymentReceiptTaken')
        form.setError('receiptNumber', { message: 'errors.paymentReceiptTaken' });
      else if (!showFieldErrors(error, form.setError, ['date', 'amount', 'receiptNumber']))
        setFailure(errorText(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="payment-form">
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {target ? (
          <Text fw={600}>{target.name}</Text>
        ) : (
          <FormChildSelect
            control={form.control}
            name="childId"
            label={t('fees.child')}
            error={message('childId')}
          />
        )}
        <FormDateField
          control={form.control}
          name="date"
          label={t('fees.payment.date')}
          withAsterisk
          description={
            target && dateMonth && dateMonth !== target.month
              ? t('fees.payment.otherMonth', {
                  month: monthLabel(dateMonth, i18n.language),
                  sheet: monthLabel(target.month, i18n.language),
                })
              : undefined
          }
          error={message('date')}
        />
        <TextInput
          label={t('fees.payment.amount')}
          withAsterisk
          inputMode="decimal"
          rightSection="₸"
          data-autofocus
          description={amount > 0 ? formatTenge(amount) : t('fees.amountHint')}
          {...form.register('amount')}
          error={message('amount')}
        />
        <TextInput
          label={t('fees.payment.receiptNumber')}
          withAsterisk
          maxLength={40}
          {...form.register('receiptNumber')}
          error={message('receiptNumber')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('fees.cancel')}
          </Button>
          <Button type="submit" loading={form.formState.isSubmitting}>
            {t('fees.payment.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
