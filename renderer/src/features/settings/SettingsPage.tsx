import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, NumberInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import type { MethodOutput } from '../../../../electron/core/api';

export function SettingsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => call('settings.get', undefined),
  });
  return (
    <Stack maw={520}>
      <Title order={2}>{t('settings.title')}</Title>
      {settings.error && <Alert color="red">{errorText(settings.error)}</Alert>}
      {settings.data && <SettingsForm initial={settings.data} />}
    </Stack>
  );
}

function SettingsForm({ initial }: { initial: MethodOutput<'settings.get'> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [idleLockMinutes, setIdleLockMinutes] = useState(initial.idleLockMinutes);
  const [allowIdDocumentCopies, setAllowIdDocumentCopies] = useState(initial.allowIdDocumentCopies);
  const save = useMutation({
    mutationFn: () => call('settings.update', { idleLockMinutes, allowIdDocumentCopies }),
    onSuccess: () => {
      notifications.show({ message: t('settings.saved'), color: 'green' });
      return queryClient.invalidateQueries({ queryKey: ['settings'] });
    },
    onError: (error) => notifications.show({ message: errorText(error), color: 'red' }),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <NumberInput
          label={t('settings.idleLock')}
          min={0}
          max={240}
          value={idleLockMinutes}
          onChange={(value) => setIdleLockMinutes(Number(value) || 0)}
        />
        <Checkbox
          label={t('settings.allowIdCopies')}
          checked={allowIdDocumentCopies}
          onChange={(event) => setAllowIdDocumentCopies(event.currentTarget.checked)}
        />
        <Button type="submit" loading={save.isPending} w="fit-content">
          {t('settings.save')}
        </Button>
      </Stack>
    </form>
  );
}
