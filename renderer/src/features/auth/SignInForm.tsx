import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import type { Session } from '../../../../electron/core/api';

interface Props {
  /** Set for the lock screen: the login is known, only the password is asked. */
  lockedFor?: { login: string; displayName: string };
  onSignedIn: (session: Session) => void;
  onOtherUser?: () => void;
  /** This computer's seal cannot open the passwords: the recovery key is the way in. */
  onDeviceMismatch?: (login: string) => void;
}

/** Sign-in and the lock screen share one form: a login (unless locked) and a password. */
export function SignInForm({ lockedFor, onSignedIn, onOtherUser, onDeviceMismatch }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [login, setLogin] = useState(lockedFor?.login ?? '');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgotOpen, setForgotOpen] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onSignedIn(await call('auth.signIn', { login, password }));
    } catch (error) {
      setPassword('');
      if (error instanceof CoreError && error.code === 'deviceMismatch' && onDeviceMismatch)
        return onDeviceMismatch(login);
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size={420} py="xl">
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>{lockedFor ? t('login.lockedTitle') : t('login.title')}</Title>
            {lockedFor && <Text>{t('login.lockedIntro', { name: lockedFor.displayName })}</Text>}
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            {!lockedFor && (
              <TextInput
                label={t('login.login')}
                autoComplete="username"
                autoFocus
                required
                value={login}
                onChange={(event) => setLogin(event.currentTarget.value)}
              />
            )}
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              autoFocus={!!lockedFor}
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {lockedFor ? t('login.unlock') : t('login.submit')}
            </Button>
            {lockedFor && onOtherUser && (
              <Anchor component="button" type="button" onClick={onOtherUser}>
                {t('login.otherUser')}
              </Anchor>
            )}
            <Anchor
              component="button"
              type="button"
              size="sm"
              aria-expanded={forgotOpen}
              aria-controls="forgot-password"
              onClick={() => setForgotOpen((open) => !open)}
            >
              {t('login.forgot')}
            </Anchor>
            {forgotOpen && (
              <Alert id="forgot-password" color="blue" data-testid="forgot-password">
                <Stack gap="xs">
                  <Text size="sm">{t('login.forgotHelp')}</Text>
                  <Text size="sm">{t('login.forgotDirector')}</Text>
                </Stack>
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
