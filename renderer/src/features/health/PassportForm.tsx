import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import {
  BLOOD_GROUPS,
  HEALTH_GROUPS,
  PE_GROUPS,
  RH_FACTORS,
} from '../../../../electron/core/vocabulary/enums';
import { text } from './sections';

type Health = MethodOutput<'health.get'>;
type Passport = Omit<MethodInput<'health.updatePassport'>, 'childId'>;

/** The passport's fields; saving shows the passport as the core stored it. */
export function PassportForm({
  childId,
  passport,
  onSaved,
}: {
  childId: string;
  passport: Health['passport'];
  onSaved: (passport: Health['passport']) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [value, setValue] = useState<Record<keyof Passport, string>>({
    bloodGroup: passport?.bloodGroup ?? '',
    rhFactor: passport?.rhFactor ?? '',
    healthGroup: passport?.healthGroup ?? '',
    peGroup: passport?.peGroup ?? '',
    disability: passport?.disability ?? '',
  });
  const [failure, setFailure] = useState<string | null>(null);
  const select = (
    name: 'bloodGroup' | 'rhFactor' | 'healthGroup' | 'peGroup',
    options: readonly string[],
  ) => (
    <NativeSelect
      label={t(`child.health.${name}`)}
      value={value[name]}
      onChange={(event) => setValue({ ...value, [name]: event.currentTarget.value })}
      data={[
        { value: '', label: '—' },
        ...options.map((option) => ({
          value: option,
          label: name === 'peGroup' ? t(`child.health.pe.${option}`) : option,
        })),
      ]}
    />
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const passport = {
        bloodGroup: (value.bloodGroup || null) as Passport['bloodGroup'],
        rhFactor: (value.rhFactor || null) as Passport['rhFactor'],
        healthGroup: (value.healthGroup || null) as Passport['healthGroup'],
        peGroup: (value.peGroup || null) as Passport['peGroup'],
        disability: text(value.disability),
      };
      const stored = await call('health.updatePassport', { childId, ...passport });
      notifications.show({ message: t('child.saved'), color: 'green' });
      await onSaved(stored);
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={4}>{t('child.health.passport')}</Title>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          {select('bloodGroup', BLOOD_GROUPS)}
          {select('rhFactor', RH_FACTORS)}
          {select('healthGroup', HEALTH_GROUPS)}
          {select('peGroup', PE_GROUPS)}
          <TextInput
            label={t('child.health.disability')}
            value={value.disability}
            onChange={(event) => setValue({ ...value, disability: event.currentTarget.value })}
          />
        </SimpleGrid>
        <Button type="submit" w="fit-content">
          {t('child.health.savePassport')}
        </Button>
      </Stack>
    </form>
  );
}
