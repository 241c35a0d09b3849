import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';

/** The recovery key, shown once: printed or written down, then confirmed by typing its end. */
export function RecoveryKeyScreen({
  recoveryKey,
  onConfirmed,
}: {
  recoveryKey: string;
  onConfirmed: () => void;
}) {
  const { t } = useTranslation();
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
            <Text>{t('recovery.intro')}</Text>
            <Code
              block
              fz={26}
              ta="center"
              data-testid="recovery-key"
              style={{ letterSpacing: '0.08em' }}
            >
              {recoveryKey}
            </Code>
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
