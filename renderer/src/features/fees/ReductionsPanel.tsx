import { useState } from 'react';
import { useForm, Controller } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { showFieldErrors } from '../../lib/validation';
import { dateFieldError, FormDateField } from '../../components/DateField';
import { FormChildSelect } from './ChildSelect';
import { usePrivilegeCategories } from './categories';

const ReductionValues = z
  .object({
    childId: z.string().min(1, 'validation.required'),
    categoryCode: z.string().min(1, 'validation.required'),
    percent: z
      .number({ message: 'fees.reductions.invalidPercent' })
      .int('fees.reductions.invalidPercent')
      .min(1, 'fees.reductions.invalidPercent')
      .max(100, 'fees.reductions.invalidPercent'),
    validFrom: z.string().superRefine((value, ctx) => {
      const problem = dateFieldError(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    validTo: z.string().superRefine((value, ctx) => {
      const problem = value.trim() ? dateFieldError(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  })
  .refine((v) => !v.validTo || !v.validFrom || v.validFrom <= v.validTo, {
    path: ['validTo'],
    message: 'fees.reductions.endBeforeStart',
  });
type ReductionValues = z.infer<typeof ReductionValues>;
const EMPTY: ReductionValues = {
  childId: '',
  categoryCode: '',
  percent: 50,
  validFrom: '',
  validTo: '',
};

/**
 * Reductions of the fee by privileged category: a percent for one child between two dates
 * (open-ended without an end). Of overlapping ones the largest applies, not their sum.
 */
export function ReductionsPanel({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const reductions = useQuery({
    queryKey: ['fees', 'reductions'],
    queryFn: () => call('fees.reductions', {}),
  });
  // Reductions name the child by id: the names come from the kindergarten's list.
  const children = useQuery({
    queryKey: ['children', 'enrolled'],
    queryFn: () => call('children.list', { status: 'enrolled', limit: 500 }),
  });
  const childName = (childId: string) => {
    const child = children.data?.rows.find((c) => c.id === childId);
    return child ? fullName(child) : '—';
  };
  const { categories, categoryName } = usePrivilegeCategories();
  const form = useForm<ReductionValues>({
    resolver: zodResolver(ReductionValues),
    defaultValues: EMPTY,
  });
  const message = (field: keyof ReductionValues) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key) : undefined;
  };
  const add = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await call('fees.addReduction', { ...values, validTo: values.validTo || null });
      notifications.show({ color: 'green', message: t('fees.reductions.added') });
      form.reset(EMPTY);
      await queryClient.invalidateQueries({ queryKey: ['fees'] });
    } catch (error) {
      if (
        !showFieldErrors(error, form.setError, [
          'childId',
          'categoryCode',
          'percent',
          'validFrom',
          'validTo',
        ])
      )
        setFailure(errorText(error));
    }
  });
  const remove = useMutation({
    mutationFn: (id: string) => call('fees.removeReduction', { reductionId: id }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('fees.reductions.removed') });
      return queryClient.invalidateQueries({ queryKey: ['fees'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
  });
  const rows = reductions.data ?? [];

  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {t('fees.reductions.hint')}
      </Text>
      {reductions.error && <Alert color="red">{errorText(reductions.error)}</Alert>}
      <Table striped highlightOnHover data-testid="fee-reductions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fees.child')}</Table.Th>
            <Table.Th>{t('fees.reductions.category')}</Table.Th>
            <Table.Th>{t('fees.reductions.percent')}</Table.Th>
            <Table.Th>{t('fees.reductions.validFrom')}</Table.Th>
            <Table.Th>{t('fees.reductions.validTo')}</Table.Th>
            {canWrite && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{childName(row.childId)}</Table.Td>
              <Table.Td>{categoryName(row.categoryCode)}</Table.Td>
              <Table.Td>{row.percent} %</Table.Td>
              <Table.Td>{formatDate(row.validFrom)}</Table.Td>
              <Table.Td>
                {row.validTo ? formatDate(row.validTo) : t('fees.reductions.open')}
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      window.confirm(t('fees.reductions.removeConfirm')) && remove.mutate(row.id)
                    }
                  >
                    {t('fees.reductions.remove')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {reductions.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('fees.reductions.empty')}
        </Text>
      )}
      {canWrite && (
        <Card withBorder maw={760}>
          <form onSubmit={add} noValidate data-testid="reduction-form">
            <Stack>
              <Title order={4}>{t('fees.reductions.add')}</Title>
              {failure && (
                <Alert color="red" role="alert">
                  {failure}
                </Alert>
              )}
              {categories.data?.length === 0 && (
                <Alert color="gray">{t('fees.reductions.noCategories')}</Alert>
              )}
              <FormChildSelect
                control={form.control}
                name="childId"
                label={t('fees.child')}
                error={message('childId')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Controller
                  control={form.control}
                  name="categoryCode"
                  render={({ field }) => (
                    <Select
                      label={t('fees.reductions.category')}
                      withAsterisk
                      searchable
                      value={field.value || null}
                      onChange={(value) => field.onChange(value ?? '')}
                      onBlur={field.onBlur}
                      error={message('categoryCode')}
                      data={(categories.data ?? []).map((c) => ({
                        value: c.code,
                        label: categoryName(c.code),
                      }))}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name="percent"
                  render={({ field }) => (
                    <NumberInput
                      label={t('fees.reductions.percent')}
                      withAsterisk
                      min={1}
                      max={100}
                      suffix=" %"
                      allowDecimal={false}
                      value={field.value}
                      onChange={(value) =>
                        field.onChange(typeof value === 'number' ? value : Number.NaN)
                      }
                      onBlur={field.onBlur}
                      error={message('percent')}
                    />
                  )}
                />
                <FormDateField
                  control={form.control}
                  name="validFrom"
                  label={t('fees.reductions.validFrom')}
                  withAsterisk
                  error={message('validFrom')}
                />
                <FormDateField
                  control={form.control}
                  name="validTo"
                  label={t('fees.reductions.validTo')}
                  description={t('fees.reductions.validToHint')}
                  error={message('validTo')}
                />
              </SimpleGrid>
              <Group justify="flex-end">
                <Button type="submit" loading={form.formState.isSubmitting}>
                  {t('fees.reductions.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
