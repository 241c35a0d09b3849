import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Center, Group, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, onCoreError } from '../lib/api';
import { rememberLanguage } from '../i18n';
import { SessionContext, type SessionState } from './session';
import { AppLayout } from './AppLayout';
import { LanguageSwitch } from './LanguageSwitch';
import { SetupScreen } from '../features/setup/SetupScreen';
import { RecoveryKeyScreen } from '../features/setup/RecoveryKeyScreen';
import { SignInForm } from '../features/auth/SignInForm';
import { useIdleLock } from '../features/auth/useIdleLock';
import { ChangePasswordScreen } from '../features/auth/ChangePasswordScreen';
import { RecoverWithKeyScreen } from '../features/auth/RecoverWithKeyScreen';
import type { Session } from '../../../electron/core/api';

/**
 * Which screen: setup on first run, the recovery key once, sign-in, the lock screen (who was
 * signed in is remembered in memory only), or the app.
 */
export function App() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['status'], queryFn: () => call('app.status', undefined) });
  // undefined: nobody signed in or out in this window yet, so the core's status decides.
  const [chosenSession, setSession] = useState<Session | null | undefined>(undefined);
  const session = chosenSession === undefined ? (status.data?.session ?? null) : chosenSession;
  const [recoveryKey, setRecoveryKey] = useState<{ key: string; orgName: string } | null>(null);
  const [lockedFor, setLockedFor] = useState<{ login: string; displayName: string } | null>(null);
  // The seal could not open the passwords (issue 16): the recovery-key screen, for this login.
  const [recoverFor, setRecoverFor] = useState<string | null>(null);

  const signedIn = useCallback(
    (next: Session) => {
      rememberLanguage(next.language);
      queryClient.clear();
      setLockedFor(null);
      setSession(next);
    },
    [queryClient],
  );

  /** Forgets what the signed-in user saw; the status query stays, so no spinner replaces it. */
  const dropData = useCallback(
    () => queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'status' }),
    [queryClient],
  );

  /**
   * Shows the lock screen for this user; nothing more once it shows. `signOutToo` is false when
   * the core locked itself (its idle timer ran out first): there is nothing to sign out of, and
   * asking would only bring another storeLocked.
   */
  const showLockScreen = useCallback(
    (signOutToo: boolean) => {
      if (!session) return;
      setLockedFor({ login: session.login, displayName: session.displayName });
      setSession(null);
      dropData();
      if (signOutToo) void call('auth.signOut', undefined).catch(() => undefined);
    },
    [dropData, session],
  );
  const lock = useCallback(() => showLockScreen(true), [showLockScreen]);

  const signOut = useCallback(() => {
    setSession(null);
    setLockedFor(null);
    dropData();
    void call('auth.signOut', undefined).catch(() => undefined);
  }, [dropData]);

  // The core locks itself after the idle time too: a call answering storeLocked shows the lock
  // screen (only once, and without asking the core again).
  useEffect(
    () => onCoreError((error) => error.code === 'storeLocked' && showLockScreen(false)),
    [showLockScreen],
  );

  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => call('settings.get', undefined),
    // Until a password the director set is changed the core answers nothing else.
    enabled: !!session && !session.mustChangePassword,
  });
  useIdleLock(session ? (settings.data?.idleLockMinutes ?? 0) : 0, lock);

  const sessionState = useMemo<SessionState | null>(
    () => (session ? { session, lock, signOut } : null),
    [session, lock, signOut],
  );

  if (status.isLoading) {
    return (
      <Center h="100vh" aria-label={t('app.loading')}>
        <Loader />
      </Center>
    );
  }
  if (recoveryKey)
    return (
      <RecoveryKeyScreen
        recoveryKey={recoveryKey.key}
        orgName={recoveryKey.orgName}
        onConfirmed={() => setRecoveryKey(null)}
      />
    );
  if (session?.mustChangePassword) {
    return (
      <Stack gap={0}>
        <Group justify="flex-end" p="sm">
          <LanguageSwitch signedIn />
        </Group>
        <ChangePasswordScreen session={session} onChanged={setSession} onSignOut={signOut} />
      </Stack>
    );
  }
  if (sessionState) {
    return (
      <SessionContext.Provider value={sessionState}>
        <AppLayout />
      </SessionContext.Provider>
    );
  }
  return (
    <Stack gap={0}>
      <Group justify="flex-end" p="sm">
        <LanguageSwitch signedIn={false} />
      </Group>
      {!status.data?.initialized ? (
        <SetupScreen
          onCreated={(created, orgName) => {
            setRecoveryKey({ key: created.recoveryKey, orgName });
            signedIn(created.session);
            void queryClient.invalidateQueries({ queryKey: ['status'] });
          }}
        />
      ) : recoverFor !== null ? (
        <RecoverWithKeyScreen
          login={recoverFor}
          onRecovered={(next) => {
            setRecoverFor(null);
            signedIn(next);
          }}
          onBack={() => setRecoverFor(null)}
        />
      ) : lockedFor ? (
        <SignInForm
          lockedFor={lockedFor}
          onSignedIn={signedIn}
          onOtherUser={() => setLockedFor(null)}
          onDeviceMismatch={setRecoverFor}
        />
      ) : (
        <SignInForm onSignedIn={signedIn} onDeviceMismatch={setRecoverFor} />
      )}
    </Stack>
  );
}
