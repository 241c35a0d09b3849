import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useErrorText } from '../../lib/errors';
import { showFieldErrors } from '../../lib/validation';
import {
  formatTenge,
  parseTenge,
  tengeInputText,
} from '../../../../electron/core/vocabulary/money';
import { call, CoreError } from '../../lib/api';
import { monthLabel, monthOptions } from './months';
import type { MethodOutput } from '../../../../electron/core/api';

type FeeSettings = MethodOutput<'fees.settings'>;

const SettingsValues = z.object({
  /** '' until a month is picked: the core then decides (see AUTO). */
  from: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}$/)]),
  mode: z.enum(['month', 'day']),
  amount: z
    .string()
    .refine((value) => value.trim() !== '', 'validation.required')
    .refine((value) => !value.trim() || !Number.isNaN(parseTenge(value)), 'fees.invalidAmount'),
  chargeValidAbsence: z.boolean(),
  chargeAbsenceWithout: z.boolean(),
  freeDaysWithoutReason: z
    .number()
    .int('fees.invalidDays')
    .min(0, 'fees.invalidDays')
    .max(31, 'fees.invalidDays'),
  rounding: z.enum(['tenge', 'tiyn']),
});
type SettingsValues = z.infer<typeof SettingsValues>;

/** How far back the months offered go (a month already closed is refused: feesMonthClosed). */
const MONTHS_BACK = 35;

/**
 * The month field's first choice, sending no `from`: the core then changes the latest version
 * if it starts after every closed month, else applies the change from this month (Astana) or
 * the first month not closed; closed months keep their fee either way.
 */
const AUTO = '';

/** The form's values; the month stays AUTO until the accountant picks one. */
const valuesOf = ({ earlier: _earlier, ...settings }: FeeSettings): SettingsValues => ({
  ...settings,
  from: AUTO,
  amount: tengeInputText(settings.amount),
});

/**
 * What a month costs: a monthly fee (prorated by charged days) or a daily one, in tenge; which
 * absences are charged; how amounts are rounded. Only a role with fees.write may change it.
 */
export function FeeSettingsPanel({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const settings = useQuery({
    queryKey: ['fees', 'settings'],
    queryFn: () => call('fees.settings', undefined),
  });
  return (
    <Stack maw={640}>
      <Text c="dimmed" size="sm">
        {t('fees.settings.hint')}
      </Text>
      {settings.error && <Alert color="red">{errorText(settings.error)}</Alert>}
      {settings.data && settings.isFetchedAfterMount && (
        <SettingsForm initial={settings.data} canWrite={canWrite} />
      )}
    </Stack>
  );
}

function SettingsForm({ initial, canWrite }: { initial: FeeSettings; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const form = useForm<SettingsValues>({
    resolver: zodResolver(SettingsValues),
    defaultValues: valuesOf(initial),
  });
  const message = (field: keyof SettingsValues) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key) : undefined;
  };
  const amount = parseTenge(useWatch({ control: form.control, name: 'amount' }));
  const mode = useWatch({ control: form.control, name: 'mode' });

  const submit = form.handleSubmit(async (values) => {
    try {
      const { from, ...rest } = values;
      const saved = await call('fees.setSettings', {
        ...rest,
        ...(from === AUTO ? {} : { from }),
        amount: parseTenge(values.amount),
      });
      form.reset(valuesOf(saved));
      notifications.show({
        color: 'green',
        message: t('fees.settings.saved', { month: monthLabel(saved.from, i18n.language) }),
      });
      await queryClient.invalidateQueries({ queryKey: ['fees'] });
    } catch (error) {
      if (error instanceof CoreError && error.code === 'feesMonthClosed') {
        const month = (param: unknown) => monthLabel(String(param), i18n.language);
        form.setError('from', {
          message: t('errors.feesMonthClosed', {
            month: month(error.params.month),
            firstOpen: month(error.params.firstOpen),
          }),
        });
      } else if (!showFieldErrors(error, form.setError, ['amount', 'freeDaysWithoutReason']))
        notifications.show({ color: 'red', message: errorText(error) });
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="fee-settings">
      <Stack>
        {initial.from === null && (
          <Alert color="blue" data-testid="fees-never-saved">
            {t('fees.settings.neverSaved', { amount: formatTenge(initial.amount) })}
          </Alert>
        )}
        <NativeSelect
          label={t('fees.settings.from')}
          description={t('fees.settings.fromHint')}
          disabled={!canWrite}
          data={[
            {
              value: AUTO,
              label:
                initial.from === null
                  ? t('fees.settings.fromAuto')
                  : t('fees.settings.fromKeep', {
                      month: monthLabel(initial.from, i18n.language),
                    }),
            },
            ...monthOptions(i18n.language, { ahead: 12, back: MONTHS_BACK }),
          ]}
          {...form.register('from')}
          // The core's refusal, already in words (the month it allows named).
          error={form.formState.errors.from?.message}
          maw={480}
        />
        <Controller
          control={form.control}
          name="mode"
          render={({ field }) => (
            <Radio.Group
              label={t('fees.settings.mode')}
              value={field.value}
              onChange={(value) => field.onChange(value)}
            >
              <Group mt={4}>
                <Radio value="month" label={t('fees.settings.modeMonth')} disabled={!canWrite} />
                <Radio value="day" label={t('fees.settings.modeDay')} disabled={!canWrite} />
              </Group>
            </Radio.Group>
          )}
        />
        <TextInput
          label={t(mode === 'day' ? 'fees.settings.amountDay' : 'fees.settings.amountMonth')}
          withAsterisk
          inputMode="decimal"
          rightSection="₸"
          readOnly={!canWrite}
          description={Number.isNaN(amount) ? t('fees.amountHint') : formatTenge(amount)}
          {...form.register('amount')}
          error={message('amount')}
          maw={320}
        />
        <Checkbox
          label={t('fees.settings.chargeValidAbsence')}
          disabled={!canWrite}
          {...form.register('chargeValidAbsence')}
        />
        <Checkbox
          label={t('fees.settings.chargeAbsenceWithout')}
          disabled={!canWrite}
          {...form.register('chargeAbsenceWithout')}
        />
        <Controller
          control={form.control}
          name="freeDaysWithoutReason"
          render={({ field }) => (
            <NumberInput
              label={t('fees.settings.freeDaysWithoutReason')}
              description={t('fees.settings.freeDaysHint')}
              min={0}
              max={31}
              allowDecimal={false}
              readOnly={!canWrite}
              value={field.value}
              onChange={(value) => field.onChange(typeof value === 'number' ? value : Number.NaN)}
              onBlur={field.onBlur}
              error={message('freeDaysWithoutReason')}
              maw={320}
            />
          )}
        />
        <Controller
          control={form.control}
          name="rounding"
          render={({ field }) => (
            <Radio.Group
              label={t('fees.settings.rounding')}
              value={field.value}
              onChange={(value) => field.onChange(value)}
            >
              <Group mt={4}>
                <Radio value="tenge" label={t('fees.settings.roundTenge')} disabled={!canWrite} />
                <Radio value="tiyn" label={t('fees.settings.roundTiyn')} disabled={!canWrite} />
              </Group>
            </Radio.Group>
          )}
        />
        {initial.earlier.length > 0 && (
          <Stack gap={2} data-testid="fee-earlier">
            <Text size="sm" fw={600}>
              {t('fees.settings.earlier')}
            </Text>
            {initial.earlier.map((version) => (
              <Text size="sm" c="dimmed" key={version.from}>
                {t(
                  version.mode === 'day'
                    ? 'fees.settings.earlierDay'
                    : 'fees.settings.earlierMonth',
                  {
                    month: monthLabel(version.from, i18n.language),
                    amount: formatTenge(version.amount),
                  },
                )}
              </Text>
            ))}
          </Stack>
        )}
        {canWrite && (
          <Button type="submit" w="fit-content" loading={form.formState.isSubmitting}>
            {t('fees.settings.save')}
          </Button>
        )}
      </Stack>
    </form>
  );
}
