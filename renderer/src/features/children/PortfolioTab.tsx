import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NativeSelect,
  Progress,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { DateField } from '../../components/DateField';
import { MAX_FILE_BYTES, MAX_FILE_MEGABYTES } from './files';
import { formatDate, today } from '../../lib/dates';
import { toBase64 } from '../../lib/files';
import type { MethodOutput } from '../../../../electron/core/api';
import {
  DEVELOPMENT_AREAS,
  type DevelopmentArea,
} from '../../../../electron/core/vocabulary/enums';

type Area = DevelopmentArea;
type Entries = MethodOutput<'portfolio.list'>;

/** The printable summary: entries by development area, oldest first, for the family or a school. */
function Summary({
  childName,
  entries,
  onClose,
}: {
  childName: string;
  entries: Entries;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="portfolio-summary">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>
            {t('child.portfolio.summaryTitle')}: {childName}
          </Title>
          <Group className="no-print">
            <Button onClick={() => window.print()}>{t('child.portfolio.print')}</Button>
            <Button variant="default" onClick={onClose}>
              {t('child.close')}
            </Button>
          </Group>
        </Group>
        {DEVELOPMENT_AREAS.map((area) => {
          const inArea = entries.filter((e) => e.area === area);
          return (
            <Stack key={area} gap={4}>
              <Title order={5}>
                {t(`child.portfolio.areas.${area}`)} ({inArea.length})
              </Title>
              {inArea.length === 0 && (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
              {inArea.map((e) => (
                <Text key={e.id} size="sm">
                  {formatDate(e.date)} — <b>{e.title}</b>
                  {e.text ? `: ${e.text}` : ''}
                  {e.files.length > 0
                    ? ` (${t('child.portfolio.fileCount', { count: e.files.length })})`
                    : ''}
                </Text>
              ))}
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}

/** Dated entries by development area with text and files: teachers and the director. */
export function PortfolioTab({ childId, childName }: { childId: string; childName: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const entries = useQuery({
    queryKey: ['portfolio', childId],
    queryFn: () => call('portfolio.list', { childId }),
  });
  const [entry, setEntry] = useState<{ date: string; area: Area; title: string; text: string }>({
    date: today(),
    area: 'creative',
    title: '',
    text: '',
  });
  const [files, setFiles] = useState<File[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState(false);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (files.some((file) => file.size > MAX_FILE_BYTES)) {
      setFailure(t('errors.fileTooLarge', { maxMegabytes: MAX_FILE_MEGABYTES }));
      return;
    }
    setBusy(true);
    try {
      await call('portfolio.addEntry', {
        childId,
        ...entry,
        text: entry.text.trim() || null,
        files: await Promise.all(
          files.map(async (file) => ({ title: file.name, contentBase64: await toBase64(file) })),
        ),
      });
      setEntry({ ...entry, title: '', text: '' });
      setFiles([]);
      notifications.show({ message: t('child.saved'), color: 'green' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['portfolio', childId] }),
        queryClient.invalidateQueries({ queryKey: ['history', childId] }),
        queryClient.invalidateQueries({ queryKey: ['documents', childId] }),
      ]);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  if (summary && entries.data)
    return (
      <Summary childName={childName} entries={entries.data} onClose={() => setSummary(false)} />
    );
  return (
    <Stack>
      {entries.error && (
        <Alert color="red" role="alert">
          {errorText(entries.error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Title order={4}>{t('child.portfolio.entries')}</Title>
        <Button variant="default" onClick={() => setSummary(true)} disabled={!entries.data?.length}>
          {t('child.portfolio.summary')}
        </Button>
      </Group>
      {entries.data?.length === 0 && <Text c="dimmed">{t('child.portfolio.none')}</Text>}
      {entries.data?.map((e) => (
        <Card key={e.id} withBorder data-testid="portfolio-entry">
          <Group justify="space-between">
            <Text fw={600}>{e.title}</Text>
            <Group gap="xs">
              <Badge variant="light">{t(`child.portfolio.areas.${e.area}`)}</Badge>
              <Text c="dimmed" size="sm">
                {formatDate(e.date)}
              </Text>
            </Group>
          </Group>
          {e.text && <Text size="sm">{e.text}</Text>}
          {e.files.length > 0 && (
            <Text size="xs" c="dimmed">
              {e.files.map((f) => f.title).join(', ')}
            </Text>
          )}
        </Card>
      ))}
      <Card withBorder>
        <form onSubmit={add} noValidate>
          <Stack>
            <Title order={5}>{t('child.portfolio.add')}</Title>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <Group grow>
              <DateField
                label={t('child.portfolio.date')}
                value={entry.date}
                onChange={(date) => setEntry({ ...entry, date })}
              />
              <NativeSelect
                label={t('child.portfolio.area')}
                value={entry.area}
                onChange={(e) => setEntry({ ...entry, area: e.currentTarget.value as Area })}
                data={DEVELOPMENT_AREAS.map((a) => ({
                  value: a,
                  label: t(`child.portfolio.areas.${a}`),
                }))}
              />
            </Group>
            <TextInput
              label={t('child.portfolio.title')}
              withAsterisk
              value={entry.title}
              onChange={(e) => setEntry({ ...entry, title: e.currentTarget.value })}
            />
            <Textarea
              label={t('child.portfolio.text')}
              autosize
              minRows={2}
              value={entry.text}
              onChange={(e) => setEntry({ ...entry, text: e.currentTarget.value })}
            />
            <FileInput
              label={t('child.portfolio.files')}
              multiple
              accept="image/jpeg,image/png,application/pdf"
              value={files}
              onChange={setFiles}
              clearable
            />
            {busy && (
              <Progress value={100} animated striped aria-label={t('child.documents.progress')} />
            )}
            <Button
              type="submit"
              loading={busy}
              disabled={!entry.title.trim() || !entry.date}
              w="fit-content"
            >
              {t('child.save')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
