import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { GrowthChart, type GrowthSubject } from './GrowthChart';
import { PassportForm } from './PassportForm';
import { RecordSection } from './RecordSection';
import {
  SECTIONS,
  recordsOf,
  withRecord,
  withoutRecord,
  type Health,
  type RecordKind,
  type Section,
  type StoredRecord,
} from './sections';

export type { GrowthSubject } from './GrowthChart';

/** The health passport and medical card: nurse and director only, every opening audited. */
export function HealthTab({ childId, child }: { childId: string; child?: GrowthSubject }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const health = useQuery({
    queryKey: ['health', childId],
    queryFn: () => call('health.get', { childId }),
  });
  // What was just written is shown as the core returned it: reading the passport again would
  // be another audited opening of the medical data for every record added.
  const patch = (update: (health: Health) => Health) => {
    queryClient.setQueryData<Health>(['health', childId], (old) => old && update(old));
    return queryClient.invalidateQueries({ queryKey: ['history', childId] });
  };
  const added = (section: Section) => (stored: StoredRecord) =>
    patch((h) => withRecord(h, section, stored));
  const passportSaved = (passport: Health['passport']) => patch((h) => ({ ...h, passport }));
  /** A record entered by mistake is removed (audited), after asking. */
  const remove = (kind: RecordKind) => (recordId: string) => {
    if (!window.confirm(t('child.health.removeConfirm'))) return;
    call('health.removeRecord', { childId, kind, recordId }).then(
      () => patch((h) => withoutRecord(h, kind, recordId)),
      (error: unknown) => notifications.show({ message: errorText(error), color: 'red' }),
    );
  };
  if (health.error)
    return (
      <Alert color="red" role="alert">
        {errorText(health.error)}
      </Alert>
    );
  const data = health.data;
  if (!data) return null;

  return (
    <Stack>
      <Card withBorder>
        <PassportForm
          key={data.passport?.updatedAt ?? 'new'}
          childId={childId}
          passport={data.passport}
          onSaved={passportSaved}
        />
      </Card>
      {SECTIONS.map((section) => (
        <RecordSection
          key={section.kind}
          childId={childId}
          section={section}
          records={recordsOf(data, section.kind)}
          onAdded={added(section)}
          onRemove={remove(section.kind)}
        >
          {section.growthChart && <GrowthChart points={data.anthropometry} subject={child} />}
        </RecordSection>
      ))}
    </Stack>
  );
}
