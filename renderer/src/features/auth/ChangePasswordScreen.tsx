import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Container,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { NewPasswordFields, useNewPassword } from '../../components/NewPasswordFields';
import type { Session } from '../../../../electron/core/api';

interface Props {
  session: Session;
  onChanged: (session: Session) => void;
  onSignOut: () => void;
}

/**
 * A password the director set (a new account or a reset) is changed before anything else:
 * the core refuses every other call until then (passwordChangeRequired).
 */
export function ChangePasswordScreen({ session, onChanged, onSignOut }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [currentPassword, setCurrent] = useState('');
  const password = useNewPassword();
  const { newPassword, repeat, mismatch } = password;
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) return setFailure(t('login.mismatch'));
    setBusy(true);
    setFailure(null);
    try {
      await call('auth.changePassword', { currentPassword, newPassword });
      notifications.show({ message: t('login.changed'), color: 'green' });
      onChanged({ ...session, mustChangePassword: false });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size={460} py="xl">
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit} data-testid="change-password">
          <Stack>
            <Title order={2}>{t('login.changeTitle')}</Title>
            <Text>{t('login.changeIntro', { name: session.displayName })}</Text>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <PasswordInput
              label={t('login.currentPassword')}
              autoComplete="current-password"
              autoFocus
              required
              value={currentPassword}
              onChange={(event) => setCurrent(event.currentTarget.value)}
            />
            <NewPasswordFields state={password} />
            <Group justify="space-between">
              <Button variant="subtle" onClick={onSignOut}>
                {t('login.signOut')}
              </Button>
              <Button
                type="submit"
                loading={busy}
                disabled={!currentPassword || newPassword.length < 8 || mismatch}
              >
                {t('login.changeSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
