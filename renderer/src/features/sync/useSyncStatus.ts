import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import type { MethodOutput } from '../../../../electron/core/api';

export type SyncStatus = MethodOutput<'sync.status'>;

/** Query keys the portal page reads; refreshed after every successful sync. */
export const SYNC_KEYS = {
  status: ['sync', 'status'],
  referrals: ['sync', 'referrals'],
  conflicts: ['sync', 'conflicts'],
  rejected: ['sync', 'rejected'],
  notices: ['sync', 'notices'],
} as const;

/**
 * The core's sync status, polled: every 2.5 s while the window is visible, every 0.7 s while a
 * sync runs (the web host has no push events; polling works in both hosts). When a sync
 * (ours or the core's scheduler) finishes, what it may have changed is read again.
 */
export function useSyncStatus() {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: SYNC_KEYS.status,
    queryFn: () => call('sync.status', undefined),
    refetchInterval: (query) => (query.state.data?.running ? 700 : 2500),
    refetchIntervalInBackground: false,
  });
  const lastSuccess = status.data?.lastSuccessAt ?? null;
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (seen.current !== undefined && seen.current !== lastSuccess) {
      for (const key of [SYNC_KEYS.referrals, SYNC_KEYS.conflicts, SYNC_KEYS.rejected])
        void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: SYNC_KEYS.notices });
      void queryClient.invalidateQueries({ queryKey: ['children'] });
    }
    seen.current = lastSuccess;
  }, [lastSuccess, queryClient]);
  return status;
}

/** Errors of the sync methods: the reason of a failed sync is translated too. */
export function useSyncErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof CoreError && error.code === 'syncFailed') {
      const reason = String(error.params.reason ?? '');
      const key = i18n.exists(`sync.reasons.${reason}`)
        ? `sync.reasons.${reason}`
        : 'sync.reasons.unknown';
      const text = t('errors.syncFailed', { reason: t(key) });
      // The portal's Retry-After: how long sync waits before asking it again.
      const wait = Number(error.params.retryAfter ?? 0);
      return wait > 0 ? `${text} ${t('sync.retryAfter', { minutes: Math.ceil(wait / 60) })}` : text;
    }
    return errorText(error);
  };
}

/** "Sync now": runs one sync and refreshes the status and the inboxes. */
export function useRunSync() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      return await call('sync.run', undefined);
    } finally {
      await Promise.all(
        Object.values(SYNC_KEYS).map((key) => queryClient.invalidateQueries({ queryKey: key })),
      );
      void queryClient.invalidateQueries({ queryKey: ['children'] });
    }
  };
}
