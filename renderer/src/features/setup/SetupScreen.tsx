import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { loginRule, passwordRule, requiredText, showFieldErrors } from '../../lib/validation';
import type { Session } from '../../../../electron/core/api';
import { IIN_LENGTH, TWELVE_DIGITS } from '../../../../electron/core/vocabulary/field-rules';

const SetupForm = z
  .object({
    orgName: requiredText,
    orgBin: z.string().trim().regex(TWELVE_DIGITS, 'validation.orgBin'),
    adminName: requiredText,
    adminLogin: loginRule,
    password: passwordRule,
    passwordRepeat: z.string(),
  })
  .refine((form) => form.password === form.passwordRepeat, {
    path: ['passwordRepeat'],
    message: 'setup.passwordsDiffer',
  });
type SetupForm = z.infer<typeof SetupForm>;

export function SetupScreen({
  onCreated,
}: {
  /** `orgName` as typed, for the printed recovery key sheet. */
  onCreated: (result: { recoveryKey: string; session: Session }, orgName: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<SetupForm>({
    resolver: zodResolver(SetupForm),
    defaultValues: {
      orgName: '',
      orgBin: '',
      adminName: '',
      adminLogin: '',
      password: '',
      passwordRepeat: '',
    },
  });
  const message = (field: keyof SetupForm) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key) : undefined;
  };

  const submit = form.handleSubmit(async ({ passwordRepeat: _, ...input }) => {
    setFailure(null);
    try {
      // The director keeps the language set up in: the key screen and its sheet stay in it.
      const language = i18n.language === 'ru' ? 'ru' : 'kk';
      onCreated(await call('setup.initialize', { ...input, language }), input.orgName);
    } catch (error) {
      if (
        !showFieldErrors(error, form.setError, [
          'orgName',
          'orgBin',
          'adminName',
          'adminLogin',
          'password',
        ])
      )
        setFailure(errorText(error));
    }
  });

  return (
    <Container size={520} py="xl">
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>{t('setup.title')}</Title>
            <Text c="dimmed">{t('setup.intro')}</Text>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t('setup.orgName')}
              data-autofocus
              autoFocus
              {...form.register('orgName')}
              error={message('orgName')}
            />
            <TextInput
              label={t('setup.orgBin')}
              inputMode="numeric"
              maxLength={IIN_LENGTH}
              {...form.register('orgBin')}
              error={message('orgBin')}
            />
            <TextInput
              label={t('setup.adminName')}
              {...form.register('adminName')}
              error={message('adminName')}
            />
            <TextInput
              label={t('setup.adminLogin')}
              autoComplete="username"
              {...form.register('adminLogin')}
              error={message('adminLogin')}
            />
            <PasswordInput
              label={t('setup.password')}
              autoComplete="new-password"
              {...form.register('password')}
              error={message('password')}
            />
            <PasswordInput
              label={t('setup.passwordRepeat')}
              autoComplete="new-password"
              {...form.register('passwordRepeat')}
              error={message('passwordRepeat')}
            />
            <Button type="submit" loading={form.formState.isSubmitting}>
              {t('setup.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
