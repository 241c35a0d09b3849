import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { SYNC_KEYS } from './useSyncStatus';

/** The portal's rules-change notices, newest first, in the UI language. */
export function NoticesFeed() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const notices = useQuery({
    queryKey: SYNC_KEYS.notices,
    queryFn: () => call('notices.list', undefined),
  });
  const language = i18n.language.startsWith('ru') ? 'ru' : 'kk';
  return (
    <Stack>
      <Title order={3}>{t('notices.title')}</Title>
      {notices.error && <Alert color="red">{errorText(notices.error)}</Alert>}
      {notices.data?.length === 0 && <Text c="dimmed">{t('notices.none')}</Text>}
      {notices.data?.map((notice) => (
        <Card key={notice.id} withBorder component="article" data-testid="notice">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{notice.title[language]}</Text>
            <Group gap="xs">
              <Badge variant="light">{t('notices.rules', { version: notice.rulesVersion })}</Badge>
              <Text size="xs" c="dimmed">
                {formatDate(notice.publishedOn)}
              </Text>
            </Group>
          </Group>
          <Text size="sm">{notice.body[language]}</Text>
        </Card>
      ))}
    </Stack>
  );
}
