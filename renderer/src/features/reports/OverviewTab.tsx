import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { useSession } from '../../app/session';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { formatTenge } from '../../../../electron/core/vocabulary/money';
import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';
import type { MethodOutput } from '../../../../electron/core/api';

type Overview = MethodOutput<'reports.overview'>;
type OverviewGroup = NonNullable<Overview['groups']>[number];
type CountTable = NonNullable<Overview['counts']>['tables'][number];
type TodoKind = keyof Overview['todo'];
type TodoList = NonNullable<Overview['todo'][TodoKind]>;
type Language = 'kk' | 'ru';

const TODO_ORDER: TodoKind[] = [
  'contractsUnsigned',
  'consentsMissing',
  'privilegesExpiring',
  'examinationsDue',
  'withoutPhoto',
];
/** Chart colours (Mantine theme colours), one per group, repeated after ten. */
const COLORS = [
  'blue.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'red.6',
  'cyan.6',
  'lime.7',
  'pink.6',
  'indigo.6',
  'yellow.7',
];

/** The 12 months ending with `month`, newest first. */
function lastMonths(month: string): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, back) => {
    const index = year * 12 + number - 1 - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const percentText = (rate: number | null) => (rate === null ? '—' : `${percent(rate)} %`);

/** "қараша 2026" / "ноябрь 2026"; short: "қар. 26" for a chart's axis. */
function monthLabel(month: string, language: Language, short = false): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const name = MONTH_NAMES[language][number - 1] ?? month;
  return short ? `${name.slice(0, 3)} ${String(year).slice(2)}` : `${name} ${year}`;
}

/**
 * The director's overview (issue 15 item 1): counts, capacity and vacancies (the director sets
 * a group's capacity here), this month's attendance rate per group and its 12-month trend,
 * to-do lists whose names open the child's record, and the month's payments for the
 * accountant. The core leaves out what the role may not see; so does this screen.
 */
export function OverviewTab({ onOpenChild }: { onOpenChild: (childId: string) => void }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'ru' ? 'ru' : 'kk';
  const errorText = useErrorText();
  // undefined: the core's this month (Astana); on the 1st it has no marks yet, so the director
  // may look at an earlier one.
  const [month, setMonth] = useState<string | undefined>(undefined);
  const overview = useQuery({
    queryKey: ['reports.overview', month ?? 'this'],
    queryFn: () => call('reports.overview', month ? { month } : {}),
    placeholderData: keepPreviousData,
  });
  if (overview.isPending)
    return (
      <Group>
        <Loader size="sm" />
        <Text>{t('reportsOverview.loading')}</Text>
      </Group>
    );
  if (overview.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(overview.error)}
      </Alert>
    );
  const data = overview.data;
  return (
    <Stack data-testid="reports-overview">
      <Group justify="space-between" align="flex-end">
        <Text c="dimmed" size="sm">
          {t('reportsOverview.asOf', { date: formatDate(data.asOf) })}
        </Text>
        {(data.groups || data.money) && (
          <NativeSelect
            label={t('reportsOverview.month')}
            value={data.month}
            onChange={(event) => setMonth(event.currentTarget.value)}
            data={lastMonths(data.asOf.slice(0, 7)).map((value) => ({
              value,
              label: monthLabel(value, language),
            }))}
            disabled={overview.isFetching}
            w={180}
          />
        )}
      </Group>
      {data.groups && <GroupsPart groups={data.groups} month={data.month} language={language} />}
      <TodoPart todo={data.todo} onOpenChild={onOpenChild} />
      {data.money && <MoneyPart money={data.money} language={language} />}
      {data.counts && <CountsPart counts={data.counts} language={language} />}
    </Stack>
  );
}

// ---- groups: capacity, vacancies, attendance ----------------------------------------------

function GroupsPart({
  groups,
  month,
  language,
}: {
  groups: OverviewGroup[];
  month: string;
  language: Language;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const editsCapacity = roleMay(session.role, 'children.write');
  if (!groups.length)
    return (
      <Card withBorder>
        <Title order={3} size="h4">
          {t('reportsOverview.groups.title')}
        </Title>
        <Text c="dimmed">{t('reportsOverview.groups.none')}</Text>
      </Card>
    );
  const rateData = groups.map((group) => ({
    group: group.name,
    rate: percent(group.attendanceRate),
  }));
  const months = groups[0]?.trend.map((point) => point.month) ?? [];
  const series = groups.map((group, index) => ({
    name: `g${index}`,
    label: group.name,
    color: COLORS[index % COLORS.length]!,
  }));
  const trendData = months.map((trendMonth, at) => {
    const point: Record<string, string | number | null> = {
      month: monthLabel(trendMonth, language, true),
    };
    groups.forEach((group, index) => (point[`g${index}`] = percent(group.trend[at]?.rate ?? null)));
    return point;
  });
  return (
    <>
      <Card withBorder data-testid="reports-groups">
        <Title order={3} size="h4" mb="sm">
          {t('reportsOverview.groups.title')}
        </Title>
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsOverview.groups.group')}</Table.Th>
                <Table.Th ta="right">{t('reportsOverview.groups.capacity')}</Table.Th>
                <Table.Th ta="right">{t('reportsOverview.groups.children')}</Table.Th>
                <Table.Th ta="right">{t('reportsOverview.groups.vacancies')}</Table.Th>
                <Table.Th ta="right">
                  {t('reportsOverview.groups.rate')} ({monthLabel(month, language)})
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((group) => (
                <Table.Tr key={group.id} data-testid="reports-group-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {group.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`children.ageGroups.${group.ageGroup}`)} ·{' '}
                      {t(`children.languages.${group.language}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {editsCapacity ? (
                      <CapacityInput group={group} />
                    ) : (
                      (group.capacity ?? (
                        <Text span c="dimmed" size="sm">
                          {t('reportsOverview.groups.notSet')}
                        </Text>
                      ))
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{group.children}</Table.Td>
                  <Table.Td ta="right" data-testid="reports-vacancies">
                    {group.vacancies === null ? (
                      '—'
                    ) : group.vacancies < 0 ? (
                      <Badge color="red" variant="light">
                        {t('reportsOverview.groups.over', { count: -group.vacancies })}
                      </Badge>
                    ) : (
                      group.vacancies
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{percentText(group.attendanceRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder data-testid="reports-rate-chart">
          <Title order={3} size="h5" mb="sm">
            {t('reportsOverview.charts.rateTitle')} — {monthLabel(month, language)}
          </Title>
          {/* Bars lie across, names down the side: long group names stay whole. */}
          <BarChart
            h={Math.max(200, 28 * rateData.length + 40)}
            data={rateData}
            dataKey="group"
            orientation="vertical"
            series={[{ name: 'rate', label: t('reportsOverview.charts.rate'), color: 'teal.6' }]}
            xAxisProps={{ domain: [0, 100] }}
            yAxisProps={{ width: 150, interval: 0 }}
            valueFormatter={(value) => `${value} %`}
            tickLine="x"
          />
        </Card>
        <Card withBorder data-testid="reports-trend-chart">
          <Title order={3} size="h5" mb="sm">
            {t('reportsOverview.charts.trendTitle')}
          </Title>
          <LineChart
            h={260}
            data={trendData}
            dataKey="month"
            series={series}
            yAxisProps={{ domain: [0, 100] }}
            valueFormatter={(value) => `${value} %`}
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 60 }}
            connectNulls={false}
            curveType="linear"
            tickLine="y"
          />
        </Card>
      </SimpleGrid>
    </>
  );
}

/** The director's capacity field: Enter or Save stores it (empty clears it), Escape undoes. */
function CapacityInput({ group }: { group: OverviewGroup }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const saved = group.capacity === null ? '' : group.capacity;
  const [value, setValue] = useState<string | number>(saved);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = String(value) !== String(saved);
  const save = async () => {
    setFailure(null);
    setBusy(true);
    try {
      await call('groups.setCapacity', {
        groupId: group.id,
        capacity: value === '' ? null : Number(value),
      });
      notifications.show({
        color: 'green',
        message: t('reportsOverview.groups.capacitySaved', { group: group.name }),
      });
      await queryClient.invalidateQueries({ queryKey: ['reports.overview'] });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <NumberInput
        size="xs"
        w={80}
        min={0}
        max={500}
        allowDecimal={false}
        allowNegative={false}
        hideControls
        value={value}
        onChange={setValue}
        placeholder="—"
        aria-label={t('reportsOverview.groups.capacityOf', { group: group.name })}
        title={t('reportsOverview.groups.capacityHint')}
        error={failure}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && changed) void save();
          if (event.key === 'Escape') setValue(saved);
        }}
      />
      {changed && (
        <Button size="compact-xs" onClick={() => void save()} loading={busy}>
          {t('reportsOverview.groups.saveCapacity')}
        </Button>
      )}
    </Group>
  );
}

// ---- to-do lists ----------------------------------------------------------------------------

function TodoPart({
  todo,
  onOpenChild,
}: {
  todo: Overview['todo'];
  onOpenChild: (childId: string) => void;
}) {
  const { t } = useTranslation();
  const lists = TODO_ORDER.flatMap((kind) => {
    const list = todo[kind];
    return list ? [{ kind, list }] : [];
  });
  if (!lists.length) return null;
  return (
    <Card withBorder data-testid="reports-todo">
      <Title order={3} size="h4" mb="sm">
        {t('reportsOverview.todo.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {lists.map(({ kind, list }) => (
          <TodoBlock key={kind} kind={kind} list={list} onOpenChild={onOpenChild} />
        ))}
      </SimpleGrid>
    </Card>
  );
}

/** The first few are shown; "show all" unfolds the rest the core sent (at most 100). */
const FOLDED = 5;

function TodoBlock({
  kind,
  list,
  onOpenChild,
}: {
  kind: TodoKind;
  list: TodoList;
  onOpenChild: (childId: string) => void;
}) {
  const { t } = useTranslation();
  const [unfolded, setUnfolded] = useState(false);
  const shown = unfolded ? list.items : list.items.slice(0, FOLDED);
  const titleId = `todo-${kind}`;
  return (
    <Stack gap={4} data-testid={`todo-${kind}`}>
      <Group gap="xs" wrap="nowrap">
        <Text fw={600} size="sm" id={titleId}>
          {t(`reportsOverview.todo.${kind}`)}
        </Text>
        <Badge color={list.count ? 'orange' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
          {list.count}
        </Badge>
      </Group>
      {list.count === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reportsOverview.todo.empty')}
        </Text>
      ) : (
        <ul aria-labelledby={titleId} style={{ margin: 0, paddingLeft: 18 }}>
          {shown.map((item) => {
            const name = fullName(item);
            return (
              <li key={item.childId}>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => onOpenChild(item.childId)}
                  aria-label={t('reportsOverview.todo.open', { name })}
                >
                  {name}
                </Anchor>
                <Text span size="xs" c="dimmed">
                  {[item.groupName, todoDetail(item.detail)].filter(Boolean).join(' · ') &&
                    ` — ${[item.groupName, todoDetail(item.detail)].filter(Boolean).join(' · ')}`}
                </Text>
              </li>
            );
          })}
        </ul>
      )}
      {list.items.length > FOLDED && (
        <Anchor
          component="button"
          type="button"
          size="xs"
          onClick={() => setUnfolded(!unfolded)}
          style={{ alignSelf: 'flex-start' }}
        >
          {unfolded
            ? t('reportsOverview.todo.fold')
            : t('reportsOverview.todo.unfold', { count: list.items.length })}
        </Anchor>
      )}
      {list.count > list.items.length && (
        <Text size="xs" c="dimmed">
          {t('reportsOverview.todo.more', { count: list.count - list.items.length })}
        </Text>
      )}
    </Stack>
  );
}

/** A detail that is a date is shown as the app shows dates; anything else as it is. */
const todoDetail = (detail: string | null) =>
  detail && /^\d{4}-\d{2}-\d{2}$/.test(detail) ? formatDate(detail) : detail;

// ---- money (the accountant's part) -------------------------------------------------------

function MoneyPart({
  money,
  language,
}: {
  money: NonNullable<Overview['money']>;
  language: Language;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="reports-money">
      <Title order={3} size="h4" mb="sm">
        {t('reportsOverview.money.title', { month: monthLabel(money.month, language) })}
      </Title>
      <Group gap="xl">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('reportsOverview.money.paid')}
          </Text>
          <Text fw={600}>{formatTenge(money.paid)}</Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('reportsOverview.money.payments')}
          </Text>
          <Text fw={600}>{money.payments}</Text>
        </Stack>
      </Group>
    </Card>
  );
}

// ---- counts -------------------------------------------------------------------------------

function CountsPart({
  counts,
  language,
}: {
  counts: NonNullable<Overview['counts']>;
  language: Language;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="reports-counts">
      <Title order={3} size="h4">
        {t('reportsOverview.counts.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('reportsOverview.counts.total', { count: counts.total })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {counts.tables.map((table) =>
          table.id === 'ageLanguage' ? (
            <CrossTable key={table.id} table={table} language={language} />
          ) : (
            <ListTable key={table.id} table={table} language={language} />
          ),
        )}
      </SimpleGrid>
    </Card>
  );
}

function ListTable({ table, language }: { table: CountTable; language: Language }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing={2} fz="sm" data-testid={`counts-${table.id}`}>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
        {table.name[language]}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>
            {table.dimensions[0]?.[language] ?? t('reportsOverview.counts.category')}
          </Table.Th>
          <Table.Th ta="right">{t('reportsOverview.counts.count')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {table.cells.map((cell) => {
          const total = Object.keys(cell.key).length === 0;
          return (
            <Table.Tr key={JSON.stringify(cell.key)} fw={total ? 600 : undefined}>
              <Table.Td>{cell.category[language]}</Table.Td>
              <Table.Td ta="right">{cell.count}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Age group × language: the age groups down, the languages across, margins last. */
function CrossTable({ table, language }: { table: CountTable; language: Language }) {
  const cell = (key: Record<string, string>) =>
    table.cells.find(
      (one) =>
        Object.keys(one.key).length === Object.keys(key).length &&
        Object.entries(key).every(([name, value]) => one.key[name] === value),
    );
  const rows = table.cells.filter((one) => Object.keys(one.key).join() === 'ageGroup');
  const columns = table.cells.filter((one) => Object.keys(one.key).join() === 'language');
  const total = cell({});
  return (
    <Table verticalSpacing={2} fz="sm" data-testid={`counts-${table.id}`}>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
        {table.name[language]}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{table.dimensions[0]?.[language]}</Table.Th>
          {columns.map((column) => (
            <Table.Th key={column.key.language} ta="right">
              {column.category[language]}
            </Table.Th>
          ))}
          <Table.Th ta="right">{total?.category[language]}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key.ageGroup}>
            <Table.Td>{row.category[language]}</Table.Td>
            {columns.map((column) => (
              <Table.Td key={column.key.language} ta="right">
                {cell({ ageGroup: row.key.ageGroup!, language: column.key.language! })?.count}
              </Table.Td>
            ))}
            <Table.Td ta="right" fw={600}>
              {row.count}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr fw={600}>
          <Table.Td>{total?.category[language]}</Table.Td>
          {columns.map((column) => (
            <Table.Td key={column.key.language} ta="right">
              {column.count}
            </Table.Td>
          ))}
          <Table.Td ta="right">{total?.count}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
