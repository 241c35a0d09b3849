import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { saveFile } from '../../lib/files';
import { formatDate, today } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { AuditTable, type AuditTableRow } from '../../components/AuditTable';
import { DateField } from '../../components/DateField';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';

type AuditRow = MethodOutput<'audit.list'>[number];
type Filter = Omit<MethodInput<'audit.list'>, 'beforeSeq' | 'limit'>;

const PAGE = 200;
/** The action select's value for failed sign-ins: `auth.signIn` refused. */
const FAILED_SIGN_INS = 'failedSignIns';

/** A local day (yyyy-mm-dd) as the instant it starts, for the core's [from, to) span. */
const dayStart = (iso: string, plusDays = 0) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + plusDays).toISOString();
};
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The audit log: who saw or changed what, when, each row naming the child or record; filtered
 * by person, child, action (failed sign-ins too) and dates, and saved as a PDF for an inspection.
 * Every filter is a native or Mantine field, reached and changed with the keyboard.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [actorId, setActorId] = useState('');
  const [childId, setChildId] = useState<string | null>(null);
  const [childQuery, setChildQuery] = useState('');
  const [debouncedChildQuery] = useDebouncedValue(childQuery, 250);
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [exporting, setExporting] = useState(false);
  const [exportFailure, setExportFailure] = useState<string | null>(null);

  const filter = useMemo<Filter>(
    () => ({
      ...(actorId ? { actorId } : {}),
      ...(childId ? { childId } : {}),
      ...(action === FAILED_SIGN_INS
        ? { action: 'auth.signIn', outcome: 'denied' as const }
        : action
          ? { action }
          : {}),
      ...(isDay(from) ? { from: dayStart(from) } : {}),
      ...(isDay(to) ? { to: dayStart(to, 1) } : {}),
    }),
    [actorId, childId, action, from, to],
  );

  const audit = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) =>
      call('audit.list', {
        ...filter,
        limit: PAGE,
        ...(pageParam ? { beforeSeq: pageParam } : {}),
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)!.seq : undefined),
  });
  const rows = useMemo(() => audit.data?.pages.flat(), [audit.data]);
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => call('staff.list', undefined) });
  const children = useQuery({
    queryKey: ['audit-children', debouncedChildQuery],
    queryFn: () =>
      call('children.list', { query: debouncedChildQuery, includeArchived: true, limit: 20 }),
    enabled: debouncedChildQuery.trim().length > 0,
  });
  const [childLabel, setChildLabel] = useState<{ value: string; label: string } | null>(null);
  const childOptions = useMemo(() => {
    const found = (children.data?.rows ?? []).map((child) => ({
      value: child.id,
      label: fullName(child),
    }));
    return childLabel && !found.some((o) => o.value === childLabel.value)
      ? [childLabel, ...found]
      : found;
  }, [children.data, childLabel]);

  const language = i18n.language;
  const actions = useMemo(() => {
    const words = (i18n.getResourceBundle(language, 'translation') as { actions?: object }).actions;
    return Object.keys(words ?? {})
      .map((key) => ({ value: key.replace('_', '.'), label: t(`actions.${key}`) }))
      .sort((a, b) => a.label.localeCompare(b.label, language));
  }, [i18n, language, t]);

  const byId = new Map<string, AuditRow>(rows?.map((row) => [String(row.seq), row]));
  // Names as the core looked them up for these rows (a removed account keeps its name).
  const actorNames = new Map(rows?.map((row) => [row.actorId, row.actorName]));
  const nameOfRow = (actor: string | null) => (actor && actorNames.get(actor)) || '—';
  const subject = (row: AuditTableRow) => {
    const full = byId.get(String(row.seq));
    if (!full) return '';
    if (full.subject) return full.subject.name;
    if (full.action === 'auth.signIn' && full.outcome === 'denied' && !full.entityId)
      return t('audit.unknownAccount');
    return '';
  };

  const clear = () => {
    setActorId('');
    setChildId(null);
    setChildLabel(null);
    setChildQuery('');
    setAction('');
    setFrom('');
    setTo('');
  };

  const exportPdf = async () => {
    setExporting(true);
    setExportFailure(null);
    try {
      const { pdfBase64 } = await call('audit.exportPdf', {
        ...filter,
        language: i18n.language === 'ru' ? 'ru' : 'kk',
      });
      saveFile(pdfBase64, `${t('audit.title')} ${formatDate(today())}.pdf`, 'application/pdf');
    } catch (error) {
      setExportFailure(errorText(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        <Button onClick={() => void exportPdf()} loading={exporting} data-testid="audit-export">
          {t('audit.exportPdf')}
        </Button>
      </Group>
      <Paper withBorder p="sm" component="fieldset" aria-label={t('audit.filters')}>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <NativeSelect
            label={t('audit.person')}
            value={actorId}
            onChange={(event) => setActorId(event.currentTarget.value)}
            data={[
              { value: '', label: t('audit.any') },
              ...(staff.data ?? []).map((account) => ({
                value: account.id,
                label: account.displayName,
              })),
            ]}
          />
          <Select
            label={t('audit.child')}
            placeholder={t('audit.any')}
            searchable
            clearable
            data={childOptions}
            value={childId}
            searchValue={childQuery}
            onSearchChange={setChildQuery}
            filter={({ options }) => options}
            nothingFoundMessage={childQuery.trim() ? t('audit.empty') : undefined}
            onChange={(value, option) => {
              setChildId(value);
              setChildLabel(value ? { value, label: option.label } : null);
            }}
          />
          <NativeSelect
            label={t('audit.actionFilter')}
            value={action}
            onChange={(event) => setAction(event.currentTarget.value)}
            data={[
              { value: '', label: t('audit.any') },
              { value: FAILED_SIGN_INS, label: t('audit.failedSignIns') },
              ...actions,
            ]}
          />
          <DateField label={t('audit.from')} value={from} onChange={setFrom} />
          <DateField label={t('audit.to')} value={to} onChange={setTo} />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="subtle" onClick={clear}>
            {t('audit.clear')}
          </Button>
        </Group>
      </Paper>
      {audit.error && <Alert color="red">{errorText(audit.error)}</Alert>}
      {exportFailure && (
        <Alert color="red" role="alert">
          {exportFailure}
        </Alert>
      )}
      <AuditTable rows={rows} actorName={nameOfRow} subject={subject} testId="audit-table" />
      {rows?.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {audit.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
        >
          {t('audit.more')}
        </Button>
      )}
    </Stack>
  );
}
