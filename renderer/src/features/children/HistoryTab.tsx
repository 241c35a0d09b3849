import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useSession } from '../../app/session';
import { AuditTable } from '../../components/AuditTable';
import { roleMay } from '../../../../electron/core/auth/permissions';

/** Everything done with this child's file, newest first: the audit trail for one child. */
export function HistoryTab({ childId }: { childId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { session } = useSession();
  const history = useQuery({
    queryKey: ['history', childId],
    queryFn: () => call('children.history', { childId }),
  });
  // Staff names are the director's to see; others see their own name and "a staff member".
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: () => call('staff.list', undefined),
    enabled: roleMay(session.role, 'staff.manage'),
  });
  // A row with no one behind it is the system's: a change pulled from the portal.
  const nameOf = (id: string | null) =>
    id === null
      ? t('child.history.portal')
      : id === session.accountId
        ? session.displayName
        : (staff.data?.find((account) => account.id === id)?.displayName ??
          t('child.history.someone'));
  if (history.error)
    return (
      <Alert color="red" role="alert">
        {errorText(history.error)}
      </Alert>
    );
  if (history.data?.length === 0) return <Text c="dimmed">{t('child.history.none')}</Text>;
  return <AuditTable rows={history.data} actorName={nameOf} testId="child-history" />;
}
