import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { NewPasswordFields, useNewPassword } from '../../components/NewPasswordFields';
import type { Session } from '../../../../electron/core/api';

interface Props {
  /** The login typed on the sign-in form, kept. */
  login: string;
  onRecovered: (session: Session) => void;
  onBack: () => void;
}

/**
 * This computer's seal cannot open the passwords (the Windows profile moved, a new PC, the
 * data folder copied): said in plain words, and the recovery key printed at set-up is the way
 * in — it sets a new password for this account (auth.recover).
 */
export function RecoverWithKeyScreen({ login: initialLogin, onRecovered, onBack }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [recoveryKey, setRecoveryKey] = useState('');
  const [login, setLogin] = useState(initialLogin);
  const password = useNewPassword();
  const { newPassword, repeat } = password;
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) return setFailure(t('login.mismatch'));
    setBusy(true);
    setFailure(null);
    try {
      onRecovered(await call('auth.recover', { recoveryKey, login, newPassword }));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size={520} py="xl">
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit} data-testid="recover-with-key">
          <Stack>
            <Title order={2}>{t('dataLocation.recoverTitle')}</Title>
            <Alert color="yellow" data-testid="seal-failed">
              <Stack gap="xs">
                <Text size="sm">{t('dataLocation.sealFailed')}</Text>
                <Text size="sm">{t('dataLocation.dataSafe')}</Text>
              </Stack>
            </Alert>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t('dataLocation.recoveryKey')}
              autoComplete="off"
              spellCheck={false}
              autoFocus
              required
              value={recoveryKey}
              onChange={(event) => setRecoveryKey(event.currentTarget.value)}
            />
            <TextInput
              label={t('login.login')}
              autoComplete="username"
              required
              value={login}
              onChange={(event) => setLogin(event.currentTarget.value)}
            />
            <NewPasswordFields state={password} />
            <Button type="submit" loading={busy}>
              {t('dataLocation.recoverSubmit')}
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={onBack}>
              {t('dataLocation.back')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
