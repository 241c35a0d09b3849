import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { PdfDialog, type ChildPdf } from './PdfDialog';
import { ChildForm } from './ChildForm';
import { DateField } from '../../components/DateField';
import { formatDate, today } from '../../lib/dates';
import { ConfirmChanges, type Change } from '../../components/ConfirmChanges';
import type { MethodOutput } from '../../../../electron/core/api';
import { CHILD_STATUS_NEXT } from '../../../../electron/core/vocabulary/enums';

type ChildFile = MethodOutput<'children.get'>;
type Status = ChildFile['child']['status'];

/** What a status change does to the file: the status, and the date it sets. */
function statusChanges(
  t: TFunction,
  child: ChildFile['child'],
  status: Status,
  on: string,
): Change[] {
  const changes: Change[] = [
    {
      label: t('child.statusTitle'),
      from: t(`children.statuses.${child.status}`),
      to: t('child.statusOn', { status: t(`children.statuses.${status}`), date: formatDate(on) }),
    },
  ];
  if (status === 'enrolled') {
    changes.push({
      label: t('child.enrolledOn'),
      from: formatDate(child.enrolledOn),
      to: formatDate(on),
    });
    if (child.leftOn)
      changes.push({ label: t('child.leftOn'), from: formatDate(child.leftOn), to: '—' });
  } else {
    changes.push({ label: t('child.leftOn'), from: formatDate(child.leftOn), to: formatDate(on) });
  }
  return changes;
}

export function GeneralTab({ file, canEdit }: { file: ChildFile; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { child } = file;
  const [on, setOn] = useState(today());
  const [failure, setFailure] = useState<string | null>(null);
  const [report, setReport] = useState<ChildPdf | null>(null);
  const [exporting, setExporting] = useState(false);
  /** The status change waiting for confirmation. */
  const [changing, setChanging] = useState<Status | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['child', child.id] }),
      queryClient.invalidateQueries({ queryKey: ['children'] }),
      queryClient.invalidateQueries({ queryKey: ['history', child.id] }),
    ]);
  // The report takes a second or more to build: the button shows it, and a second click waits.
  const exportReport = async () => {
    if (exporting) return;
    setExporting(true);
    try {
      // In the language the app is shown in: the person asking reads the same words.
      const language = i18n.language === 'ru' ? 'ru' : 'kk';
      const { pdfBase64 } = await call('children.exportReport', { childId: child.id, language });
      setReport({
        title: t('child.exportReport'),
        pdfBase64,
        fileName: `${t('child.report.fileName', { date: formatDate(today()) })}.pdf`,
        printTitle: t('child.report.printTitle'),
        printed: t('child.report.printed'),
        print: (choice) => call('children.printReport', { childId: child.id, language, ...choice }),
      });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setExporting(false);
    }
  };
  const run = async (action: () => Promise<unknown>, done: string) => {
    setFailure(null);
    try {
      await action();
      notifications.show({ message: t(done), color: 'green' });
      await refresh();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>{t('child.statusTitle')}</Title>
          <Group>
            <Badge size="lg" variant="light" data-testid="child-status">
              {t(`children.statuses.${child.status}`)}
            </Badge>
            {child.archived && (
              <Badge size="lg" color="gray">
                {t('child.archived')}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t('child.enrolledOn')}: {formatDate(child.enrolledOn)} · {t('child.leftOn')}:{' '}
              {formatDate(child.leftOn)}
            </Text>
          </Group>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          {canEdit && !child.archived && (
            <Group align="end">
              {CHILD_STATUS_NEXT[child.status].length > 0 && (
                <DateField label={t('child.statusDate')} value={on} onChange={setOn} />
              )}
              {CHILD_STATUS_NEXT[child.status].map((status) => (
                <Button key={status} variant="light" onClick={() => setChanging(status)}>
                  {t(`child.toStatus.${status}`)}
                </Button>
              ))}
              {(child.status === 'withdrawn' || child.status === 'graduated') && (
                <Button
                  color="gray"
                  onClick={() =>
                    window.confirm(t('child.archiveConfirm')) &&
                    void run(
                      () => call('children.archive', { childId: child.id }),
                      'child.archivedDone',
                    )
                  }
                >
                  {t('child.archive')}
                </Button>
              )}
            </Group>
          )}
          {canEdit && (
            <Group>
              <Button variant="default" loading={exporting} onClick={() => void exportReport()}>
                {t('child.exportReport')}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      <ConfirmChanges
        opened={!!changing}
        title={t('child.statusConfirmTitle')}
        intro={`${child.lastName} ${child.firstName}`}
        changes={changing ? statusChanges(t, child, changing, on) : []}
        confirmLabel={changing ? t(`child.toStatus.${changing}`) : ''}
        color={changing === 'withdrawn' ? 'orange' : 'blue'}
        ready={/^\d{4}-\d{2}-\d{2}$/.test(on)}
        onConfirm={async () => {
          await call('children.setStatus', { childId: child.id, status: changing!, on });
          notifications.show({ message: t('child.statusChanged'), color: 'green' });
          await refresh();
        }}
        onClose={() => setChanging(null)}
      />
      <Card withBorder>
        <ChildForm
          key={child.updatedAt}
          child={child}
          readOnly={!canEdit || child.archived}
          onSaved={() => {
            notifications.show({ message: t('child.saved'), color: 'green' });
            void refresh();
          }}
        />
      </Card>
      <PdfDialog pdf={report} onClose={() => setReport(null)} />
    </Stack>
  );
}
