import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSession } from '../../app/session';
import { runsSync } from './access';
import { shortDateTime } from '../../lib/dates';
import { useRunSync, useSyncErrorText, useSyncStatus, type SyncStatus } from './useSyncStatus';

type Shown = 'notConnected' | 'pulling' | 'pushing' | 'uploading' | 'offline' | 'error' | 'online';

/** What the app bar says: the client's phase, or after a restart the last failure kept in the store. */
export function shownState(status: SyncStatus): Shown {
  if (!status.enrolled) return 'notConnected';
  if (status.running && ['pulling', 'pushing', 'uploading'].includes(status.phase))
    return status.phase as Shown;
  if (status.running) return 'pulling';
  if (status.phase === 'offline' || (status.phase === 'idle' && status.reason === 'offline'))
    return 'offline';
  if (status.phase === 'error' || (status.phase === 'idle' && status.reason)) return 'error';
  return 'online';
}

const COLORS: Record<Shown, string> = {
  notConnected: 'gray',
  pulling: 'blue',
  pushing: 'blue',
  uploading: 'blue',
  offline: 'orange',
  error: 'red',
  online: 'teal',
};

/** The sync status in the app bar, for every signed-in role; "sync now" for those allowed. */
export function SyncStatusBar() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const status = useSyncStatus();
  const runSync = useRunSync();
  const syncErrorText = useSyncErrorText();
  const [starting, setStarting] = useState(false);
  const data = status.data;
  if (!data) {
    return status.error ? (
      <Text size="xs" c="red" data-testid="sync-status">
        {syncErrorText(status.error)}
      </Text>
    ) : null;
  }
  const shown = shownState(data);
  const progress = data.progress;
  const label =
    shown === 'pulling' && progress && progress.done > 0
      ? t('sync.state.pullingProgress', { n: progress.done })
      : shown === 'pushing' && progress
        ? t('sync.state.pushingProgress', { done: progress.done, total: progress.total })
        : shown === 'uploading' && progress && progress.total > 0
          ? t('sync.state.uploadingProgress', {
              percent: Math.floor((progress.done / progress.total) * 100),
            })
          : t(`sync.state.${shown}`);
  const reason = shown === 'error' || shown === 'offline' ? data.reason : null;
  const reasonRaw = reason
    ? t(i18n.exists(`sync.reasons.${reason}`) ? `sync.reasons.${reason}` : 'sync.reasons.unknown')
    : null;
  const reasonText = reasonRaw ? reasonRaw.charAt(0).toUpperCase() + reasonRaw.slice(1) : null;

  const syncNow = async () => {
    setStarting(true);
    try {
      const report = await runSync();
      notifications.show({
        color: 'teal',
        message: t('sync.done', { pulled: report.pulled, pushed: report.pushed }),
      });
    } catch (error) {
      notifications.show({ color: 'red', message: syncErrorText(error) });
    } finally {
      setStarting(false);
    }
  };

  const pendingTitle = t('sync.pendingTitle');
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      data-testid="sync-status"
      data-state={shown}
      data-running={String(data.running || starting)}
      data-last-attempt={data.lastAttemptAt ?? ''}
      aria-live="polite"
    >
      <Tooltip label={data.portalUrl ?? t('sync.state.notConnected')} withArrow>
        <Badge
          color={COLORS[shown]}
          variant="light"
          tt="none"
          style={{ flexShrink: 0 }}
          data-testid="sync-state"
          tabIndex={0}
        >
          {label}
        </Badge>
      </Tooltip>
      {data.enrolled && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed" lh={1.3} style={{ whiteSpace: 'nowrap' }}>
            <span data-testid="sync-last-success">
              {t('sync.lastSuccess', { at: shortDateTime(data.lastSuccessAt) })}
            </span>
            {' · '}
            <span data-testid="sync-pending" title={pendingTitle}>
              {t('sync.pending', { n: data.pending })}
            </span>
          </Text>
          {reasonText && (
            <Text
              size="xs"
              lh={1.3}
              c={shown === 'error' ? 'red' : 'orange'}
              data-testid="sync-reason"
              style={{ whiteSpace: 'nowrap' }}
            >
              {reasonText}
            </Text>
          )}
        </Stack>
      )}
      {data.conflicts > 0 && (
        <Badge
          color="red"
          variant="outline"
          tt="none"
          style={{ flexShrink: 0 }}
          data-testid="sync-conflicts"
        >
          {t('sync.conflictsCount', { n: data.conflicts })}
        </Badge>
      )}
      {data.enrolled && runsSync(session.role) && (
        <Tooltip label={t('sync.now')} withArrow>
          <ActionIcon
            variant="light"
            size="md"
            onClick={() => void syncNow()}
            loading={starting || data.running}
            aria-label={t('sync.now')}
            data-testid="sync-now"
          >
            <RefreshIcon />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

function RefreshIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M20 11a8 8 0 0 0-14.9-4M4 4v4h4" />
      <path d="M4 13a8 8 0 0 0 14.9 4M20 20v-4h-4" />
    </svg>
  );
}
