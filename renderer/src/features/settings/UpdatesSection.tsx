import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';

/**
 * Updates (issue 16): the update server's address, which IT staff may point at their district's
 * server (empty: the address built into the installer), and the copies of the store taken just
 * before an update changed it, kept 30 days.
 */
export function UpdatesSection() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['updates.settings'],
    queryFn: () => call('updates.settings', undefined),
  });
  const [url, setUrl] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => call('updates.setUrl', { url: url ?? settings.data?.url ?? '' }),
    onSuccess: () => {
      setUrl(null);
      notifications.show({ message: t('windowsUpdates.saved'), color: 'green' });
      return queryClient.invalidateQueries({ queryKey: ['updates.settings'] });
    },
    onError: (error) => notifications.show({ message: errorText(error), color: 'red' }),
  });
  if (settings.error) return <Alert color="red">{errorText(settings.error)}</Alert>;
  if (!settings.data) return null;
  const backups = settings.data.backups;
  return (
    <Stack data-testid="updates-section">
      <Title order={3}>{t('windowsUpdates.section')}</Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('windowsUpdates.url')}
            description={t('windowsUpdates.urlHint')}
            placeholder="https://"
            w={520}
            value={url ?? settings.data.url}
            onChange={(event) => setUrl(event.currentTarget.value)}
          />
          <Button type="submit" loading={save.isPending}>
            {t('windowsUpdates.save')}
          </Button>
        </Group>
      </form>
      <Title order={4}>{t('windowsUpdates.backups')}</Title>
      <Text c="dimmed" size="sm">
        {t('windowsUpdates.backupsHint')}
      </Text>
      {backups.length === 0 ? (
        <Text size="sm">{t('windowsUpdates.noBackups')}</Text>
      ) : (
        <Table data-testid="pre-update-backups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('windowsUpdates.takenAt')}</Table.Th>
              <Table.Th>{t('windowsUpdates.file')}</Table.Th>
              <Table.Th>{t('windowsUpdates.size')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {backups.map((backup) => (
              <Table.Tr key={backup.file}>
                <Table.Td>{new Date(backup.takenAt).toLocaleString(i18n.language)}</Table.Td>
                <Table.Td>{backup.file}</Table.Td>
                <Table.Td>
                  {t('windowsUpdates.megabytes', {
                    size: (backup.bytes / 1024 / 1024).toFixed(1),
                  })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
