import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { formatDate, today } from '../../lib/dates';

/**
 * The key's groups in two lines of four, never a scrollbar: each line is an inline block as
 * wide as the key, so `innerText` (and a copy) still reads as one `ABCD-EFGH-…` key.
 */
function KeyGroups({ recoveryKey }: { recoveryKey: string }) {
  const groups = recoveryKey.split('-');
  const half = Math.ceil(groups.length / 2);
  const lines = [groups.slice(0, half), groups.slice(half)].filter((line) => line.length);
  return (
    <Box
      data-testid="recovery-key"
      className="recovery-key"
      ff="monospace"
      fz={26}
      fw={600}
      ta="center"
      py="sm"
      bg="gray.0"
      style={{ borderRadius: 'var(--mantine-radius-sm)', letterSpacing: '0.08em' }}
    >
      {lines.map((line, lineIndex) => (
        <span key={lineIndex} style={{ display: 'inline-block', width: '100%' }}>
          {line.map((group, index) => (
            <span key={index}>
              <span data-testid="recovery-key-group">{group}</span>
              {lineIndex < lines.length - 1 || index < line.length - 1 ? '-' : ''}
            </span>
          ))}
        </span>
      ))}
    </Box>
  );
}

/**
 * The recovery key, shown once: printed or written down, then confirmed by typing its end.
 * The printed sheet says whose key it is, from when, and what it opens, in the UI language.
 */
export function RecoveryKeyScreen({
  recoveryKey,
  orgName,
  onConfirmed,
}: {
  recoveryKey: string;
  orgName: string;
  onConfirmed: () => void;
}) {
  const { t } = useTranslation();
  const [createdOn] = useState(() => formatDate(today()));
  const [saved, setSaved] = useState(false);
  const [lastGroup, setLastGroup] = useState('');
  const [wrong, setWrong] = useState(false);
  const expected = recoveryKey.split('-').at(-1)!;

  const confirm = (event: React.FormEvent) => {
    event.preventDefault();
    if (lastGroup.trim().toUpperCase() !== expected) return setWrong(true);
    onConfirmed();
  };

  return (
    <Container size={620} py="xl">
      <Paper withBorder p="xl" radius="md" className="recovery-sheet">
        <form onSubmit={confirm}>
          <Stack>
            <Title order={2}>{t('recovery.title')}</Title>
            <Stack gap={4} className="print-only" data-testid="recovery-sheet-header">
              <Text fw={600}>{orgName}</Text>
              <Text>{t('recovery.createdOn', { date: createdOn })}</Text>
            </Stack>
            <Text className="no-print">{t('recovery.intro')}</Text>
            <KeyGroups recoveryKey={recoveryKey} />
            <Stack gap="xs" className="print-only">
              <Text>{t('recovery.sheetPurpose', { org: orgName })}</Text>
              <Text>{t('recovery.sheetUse')}</Text>
              <Text>{t('recovery.sheetKeep')}</Text>
            </Stack>
            <Group className="no-print">
              <Button variant="light" onClick={() => window.print()}>
                {t('recovery.print')}
              </Button>
            </Group>
            <Stack className="no-print">
              <Checkbox
                label={t('recovery.saved')}
                checked={saved}
                onChange={(event) => setSaved(event.currentTarget.checked)}
              />
              <TextInput
                label={t('recovery.lastGroup')}
                maxLength={4}
                value={lastGroup}
                onChange={(event) => {
                  setLastGroup(event.currentTarget.value);
                  setWrong(false);
                }}
                error={wrong ? t('recovery.lastGroupWrong') : undefined}
              />
              {wrong && (
                <Alert color="red" role="alert">
                  {t('recovery.lastGroupWrong')}
                </Alert>
              )}
              <Button type="submit" disabled={!saved || lastGroup.length !== 4}>
                {t('recovery.continue')}
              </Button>
            </Stack>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
