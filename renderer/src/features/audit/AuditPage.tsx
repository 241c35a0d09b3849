import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Stack, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { AuditTable } from '../../components/AuditTable';

export function AuditPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const audit = useQuery({
    queryKey: ['audit'],
    queryFn: () => call('audit.list', { limit: 200 }),
  });
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => call('staff.list', undefined) });
  const nameOf = (id: string | null) =>
    staff.data?.find((account) => account.id === id)?.displayName ?? id ?? '—';
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      {audit.error && <Alert color="red">{errorText(audit.error)}</Alert>}
      <AuditTable rows={audit.data} actorName={nameOf} testId="audit-table" />
    </Stack>
  );
}
