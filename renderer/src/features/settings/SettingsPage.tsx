import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { textReasonOf } from '../../lib/validation';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import { UpdatesSection } from './UpdatesSection';

type Settings = MethodOutput<'settings.get'>;

/** The organisation's details every contract prints, Kazakh beside Russian. */
const ORG_FIELDS = [
  ['nameKk', 'nameRu'],
  ['cityKk', 'cityRu'],
  ['addressKk', 'addressRu'],
  ['directorName', 'phone'],
  ['bankName', 'bic'],
  ['iban'],
] as const;

export function SettingsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => call('settings.get', undefined),
  });
  return (
    <Stack maw={760}>
      <Title order={2}>{t('settings.title')}</Title>
      {settings.error && <Alert color="red">{errorText(settings.error)}</Alert>}
      {/* The form starts from the store's values as of opening, not from a copy cached at sign-in
          (another device or the CLI may have changed them since). */}
      {settings.data && settings.isFetchedAfterMount && <SettingsForm initial={settings.data} />}
      <UpdatesSection />
    </Stack>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Settings>(initial);
  const [saved, setSaved] = useState<Settings>(initial);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [textReason, setTextReason] = useState<string | undefined>();
  const save = useMutation({
    // Only what was changed here is sent: a value changed meanwhile elsewhere is kept.
    mutationFn: () => {
      const changes = Object.fromEntries(
        Object.entries(values).filter(
          ([key, value]) => key !== 'bin' && saved[key as keyof Settings] !== value,
        ),
      ) as MethodInput<'settings.update'>;
      return call('settings.update', changes);
    },
    onSuccess: (next) => {
      setInvalid([]);
      setValues(next);
      setSaved(next);
      notifications.show({ message: t('settings.saved'), color: 'green' });
      return queryClient.invalidateQueries({ queryKey: ['settings'] });
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
      : field === 'iban' || field === 'bic'
        ? t(`settings.org.${field === 'iban' ? 'invalidIban' : 'invalidBic'}`)
        : t(textReason ? `validation.${textReason}` : 'errors.invalidInput');
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <Title order={3}>{t('settings.org.section')}</Title>
        <Text c="dimmed" size="sm">
          {t('settings.org.hint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {ORG_FIELDS.flat().map((field) => (
            <TextInput
              key={field}
              label={t(`settings.org.${field}`)}
              value={values[field]}
              error={fieldError(field)}
              onChange={(event) => set(field, event.currentTarget.value)}
            />
          ))}
          <TextInput label={t('settings.org.bin')} value={values.bin} readOnly variant="filled" />
        </SimpleGrid>
        <Title order={3}>{t('settings.org.security')}</Title>
        <NumberInput
          label={t('settings.idleLock')}
          min={0}
          max={240}
          maw={520}
          value={values.idleLockMinutes}
          error={fieldError('idleLockMinutes')}
          onChange={(value) => set('idleLockMinutes', Number(value) || 0)}
        />
        <Checkbox
          label={t('settings.allowIdCopies')}
          checked={values.allowIdDocumentCopies}
          onChange={(event) => set('allowIdDocumentCopies', event.currentTarget.checked)}
        />
        <Button type="submit" loading={save.isPending} w="fit-content">
          {t('settings.save')}
        </Button>
      </Stack>
    </form>
  );
}
