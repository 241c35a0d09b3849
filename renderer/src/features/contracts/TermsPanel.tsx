import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { textReasonOf } from '../../lib/validation';
import { useContractErrorText } from './contract-errors';
import type { MethodOutput } from '../../../../electron/core/api';

type Terms = MethodOutput<'contracts.terms'>;
const TEXT_FIELDS = ['regimeKk', 'regimeRu'] as const;

/**
 * What the organisation offers under every contract: fee, due day, regime. Its name, address
 * and bank details are in the settings (SettingsPage).
 */
export function TermsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const terms = useQuery({
    queryKey: ['contractTerms'],
    queryFn: () => call('contracts.terms', undefined),
  });
  return (
    <Stack maw={760}>
      <Text c="dimmed" size="sm">
        {t('contracts.terms.hint')}
      </Text>
      {!canEdit && <Alert color="gray">{t('contracts.terms.readOnly')}</Alert>}
      {terms.error && <Alert color="red">{errorText(terms.error)}</Alert>}
      {terms.data && <TermsForm initial={terms.data} canEdit={canEdit} />}
    </Stack>
  );
}

function TermsForm({ initial, canEdit }: { initial: Terms; canEdit: boolean }) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState<Terms>(initial);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [textReason, setTextReason] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => call('contracts.updateTerms', terms),
    onSuccess: (saved) => {
      setInvalid([]);
      setTerms(saved);
      notifications.show({ message: t('contracts.terms.saved'), color: 'green' });
      return queryClient.invalidateQueries({ queryKey: ['contractTerms'] });
    },
    onError: (error) => {
      if (error instanceof CoreError && error.code === 'invalidInput') {
        setInvalid(([] as string[]).concat((error.params.fields as string[]) ?? []));
        setTextReason(
          textReasonOf(([] as string[]).concat((error.params.reasons as string[]) ?? [])),
        );
      }
      notifications.show({ message: errorText(error), color: 'red' });
    },
  });
  const fieldError = (field: string) =>
    !invalid.includes(field)
      ? undefined
      : t(textReason ? `validation.${textReason}` : 'errors.invalidInput');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {TEXT_FIELDS.map((field) => (
            <TextInput
              key={field}
              label={t(`contracts.terms.${field}`)}
              value={terms[field]}
              readOnly={!canEdit}
              error={fieldError(field)}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setTerms((current) => ({ ...current, [field]: value }));
              }}
            />
          ))}
          <NumberInput
            label={t('contracts.terms.monthlyFee')}
            value={terms.monthlyFee}
            min={0}
            max={10_000_000}
            step={500}
            thousandSeparator=" "
            readOnly={!canEdit}
            error={fieldError('monthlyFee')}
            onChange={(value) =>
              setTerms((current) => ({ ...current, monthlyFee: Number(value) || 0 }))
            }
          />
          <NumberInput
            label={t('contracts.terms.paymentDueDay')}
            value={terms.paymentDueDay}
            min={1}
            max={28}
            readOnly={!canEdit}
            error={fieldError('paymentDueDay')}
            onChange={(value) =>
              setTerms((current) => ({ ...current, paymentDueDay: Number(value) || 1 }))
            }
          />
        </SimpleGrid>
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('contracts.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
