import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordInput } from '@mantine/core';

/** A new password typed twice: what the two fields hold, and whether they agree. */
export function useNewPassword() {
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  return {
    newPassword,
    repeat,
    setNewPassword,
    setRepeat,
    /** Both typed and different: said under the second field as the person types. */
    mismatch: repeat.length > 0 && repeat !== newPassword,
  };
}

/** The new password and its repetition (at least 8 characters, as the core requires). */
export function NewPasswordFields({ state }: { state: ReturnType<typeof useNewPassword> }) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        label={t('login.newPassword')}
        autoComplete="new-password"
        required
        minLength={8}
        value={state.newPassword}
        onChange={(event) => state.setNewPassword(event.currentTarget.value)}
      />
      <PasswordInput
        label={t('login.repeatPassword')}
        autoComplete="new-password"
        required
        value={state.repeat}
        error={state.mismatch ? t('login.mismatch') : undefined}
        onChange={(event) => state.setRepeat(event.currentTarget.value)}
      />
    </>
  );
}
