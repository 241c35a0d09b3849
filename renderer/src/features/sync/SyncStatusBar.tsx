import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSession } from '../../app/session';
import { runsSync } from './access';
import { formatDateTime } from './format';
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
    shown === 'pushing' && progress
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

  return (
    <Group gap="xs" wrap="nowrap" data-testid="sync-status" data-state={shown} aria-live="polite">
      <Tooltip label={reasonText ?? data.portalUrl ?? t('sync.state.notConnected')} withArrow>
        <Badge color={COLORS[shown]} variant="light" data-testid="sync-state" tabIndex={0}>
          {label}
        </Badge>
      </Tooltip>
      {data.enrolled && (
        <Text size="xs" c="dimmed" data-testid="sync-last-success">
          {t('sync.lastSuccess', { at: formatDateTime(data.lastSuccessAt, i18n.language) })}
        </Text>
      )}
      {data.enrolled && (
        <Text size="xs" data-testid="sync-pending">
          {t('sync.pending', { n: data.pending })}
        </Text>
      )}
      {data.conflicts > 0 && (
        <Badge color="red" variant="outline" data-testid="sync-conflicts">
          {t('sync.conflictsCount', { n: data.conflicts })}
        </Badge>
      )}
      {reasonText && (
        <Text
          size="xs"
          c={shown === 'error' ? 'red' : 'orange'}
          data-testid="sync-reason"
          lineClamp={1}
        >
          {reasonText}
        </Text>
      )}
      {data.enrolled && runsSync(session.role) && (
        <Button
          size="xs"
          variant="light"
          onClick={() => void syncNow()}
          loading={starting || data.running}
          data-testid="sync-now"
        >
          {t('sync.now')}
        </Button>
      )}
    </Group>
  );
}
