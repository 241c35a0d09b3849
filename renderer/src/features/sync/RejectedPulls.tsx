import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../lib/api';
import { RejectedTable } from './RejectedTable';
import { SYNC_KEYS } from './useSyncStatus';

/**
 * Changes the portal sent that this kindergarten's rules refused (an invalid IIN, a status the
 * child cannot reach from its status here): not applied here; per row what it means and what
 * to do. A row leaves the list by itself when the portal sends a version that keeps the rules.
 */
export function RejectedPulls() {
  const { t } = useTranslation();
  const rejected = useQuery({
    // Under the rejected changes' key: refreshed with them after every sync.
    queryKey: [...SYNC_KEYS.rejected, 'pulls'],
    queryFn: () => call('sync.rejectedPulls', undefined),
  });
  return (
    <RejectedTable
      title={t('sync.rejectedPullsTitle')}
      hint={t('sync.rejectedPullsHint')}
      none={t('sync.rejectedPullsNone')}
      rows={rejected.data}
      error={rejected.error}
      tableTestId="rejected-pulls-table"
      testId="rejected-pull"
      reasons="sync.pullRejection"
      rowKey={(row) => `${row.entity}:${row.entityId}`}
    />
  );
}
