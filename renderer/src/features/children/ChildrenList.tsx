import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Checkbox, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { fullName } from '../../lib/names';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import { CHILD_STATUSES } from '../../../../electron/core/vocabulary/enums';

const PAGE = 100;
const ROW_HEIGHT = 41;
type Filters = Omit<MethodInput<'children.list'>, 'offset' | 'limit'>;
type ListPage = MethodOutput<'children.list'>;
/** One line per row, so every row is ROW_HEIGHT tall and the table's length is exact. */
const CELL: React.CSSProperties = {
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/**
 * Where the list was: the search, the filters, the row chosen and the scroll offset. The
 * children page keeps it while a child's file is open, so "back" returns to the same place.
 */
export interface ListView {
  query: string;
  groupId: string;
  status: string;
  includeArchived: boolean;
  active: number;
  scrollTop: number;
}
export const FIRST_VIEW: ListView = {
  query: '',
  groupId: '',
  status: '',
  includeArchived: false,
  active: 0,
  scrollTop: 0,
};

const pageKey = (filters: Filters, page: number) => ['children', filters, page] as const;

/**
 * The children as one long table: the total comes with every page, so the table (and its
 * scrollbar) is as long as the whole list from the start; only the rows in view are rendered,
 * and their pages of 100 are fetched as they come into view, so ten thousand files stay quick.
 * Typing searches at once (names by prefix in Kazakh or Russian letters, or IIN digits); ↑/↓
 * move, Enter opens.
 */
export function ChildrenList({
  view,
  onView,
  onOpen,
}: {
  view: ListView;
  onView: (view: ListView) => void;
  onOpen: (childId: string, view: ListView) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { query, groupId, status, includeArchived, active } = view;
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const filters: Filters = {
    ...(query.trim() ? { query: query.trim() } : {}),
    ...(groupId ? { groupId } : {}),
    ...(status ? { status: status as Filters['status'] } : {}),
    includeArchived,
  };
  const fetchPage = (page: number) =>
    call('children.list', { ...filters, offset: page * PAGE, limit: PAGE });
  // The first page always: it tells the total, which sizes the table.
  const first = useQuery({
    queryKey: pageKey(filters, 0),
    queryFn: () => fetchPage(0),
    placeholderData: keepPreviousData,
  });
  const total = first.data?.total;

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: view.scrollTop,
  });
  const items = virtualizer.getVirtualItems();
  const wanted = [
    ...new Set(items.map((item) => Math.floor(item.index / PAGE)).filter((page) => page > 0)),
  ];
  const pages = useQueries({
    queries: wanted.map((page) => ({
      queryKey: pageKey(filters, page),
      queryFn: () => fetchPage(page),
    })),
  });
  const loaded = new Map<number, ListPage>();
  if (first.data) loaded.set(0, first.data);
  wanted.forEach((page, i) => {
    const data = pages[i]?.data;
    if (data) loaded.set(page, data);
  });
  const rowAt = (index: number) =>
    (
      loaded.get(Math.floor(index / PAGE)) ??
      queryClient.getQueryData<ListPage>(pageKey(filters, Math.floor(index / PAGE)))
    )?.rows[index % PAGE];

  // Back from a child's file: the table is as long as before once the total is in, so the
  // scroll offset it had can be given back.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || total === undefined || !scroller.current) return;
    restored.current = true;
    if (view.scrollTop > 0) scroller.current.scrollTop = view.scrollTop;
  }, [total, view.scrollTop]);

  const count = total ?? 0;
  const current = Math.min(active, Math.max(count - 1, 0));
  const here = (changes: Partial<ListView>): ListView => ({
    ...view,
    scrollTop: scroller.current?.scrollTop ?? view.scrollTop,
    ...changes,
  });
  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    onView(here({ active: next }));
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  // Enter pressed while the rows still show the previous search: the file opens once this
  // search's rows are in (typing quickly and pressing Enter must not be lost).
  const openWhenLoaded = useRef<number | null>(null);
  const open = (index: number) => {
    const child = rowAt(index);
    if (first.isPlaceholderData || !first.data) openWhenLoaded.current = index;
    else if (child) onOpen(child.id, here({ active: index }));
  };
  useEffect(() => {
    const index = openWhenLoaded.current;
    if (index === null || first.isPlaceholderData || !first.data) return;
    openWhenLoaded.current = null;
    const child = first.data.rows[Math.min(index, Math.max(first.data.total - 1, 0)) % PAGE];
    if (child) onOpen(child.id, here({ active: index }));
  });
  const keys = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown') move(current + 1);
    else if (event.key === 'ArrowUp') move(current - 1);
    else if (event.key === 'PageDown') move(current + 10);
    else if (event.key === 'PageUp') move(current - 10);
    else if (event.key === 'Enter') open(current);
    else return;
    event.preventDefault();
  };
  /** A new search or filter starts at the top of its list. */
  const refilter = (changes: Partial<ListView>) => {
    openWhenLoaded.current = null;
    onView({ ...view, ...changes, active: 0, scrollTop: 0 });
    scroller.current?.scrollTo({ top: 0 });
  };
  const filtered = (field: 'groupId' | 'status') => (event: React.ChangeEvent<HTMLSelectElement>) =>
    refilter({ [field]: event.currentTarget.value });

  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <>
      <Group align="end">
        <TextInput
          label={t('children.search')}
          placeholder={t('children.searchHint')}
          value={query}
          onChange={(event) => refilter({ query: event.currentTarget.value })}
          onKeyDown={keys}
          autoFocus
          style={{ flex: 1, minWidth: 240 }}
          data-autofocus
        />
        <NativeSelect
          label={t('children.group')}
          value={groupId}
          onChange={filtered('groupId')}
          data={[
            { value: '', label: t('children.allGroups') },
            ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
          ]}
        />
        <NativeSelect
          label={t('children.status')}
          value={status}
          onChange={filtered('status')}
          data={[
            { value: '', label: t('children.allStatuses') },
            ...CHILD_STATUSES.map((value) => ({ value, label: t(`children.statuses.${value}`) })),
          ]}
        />
        <Checkbox
          label={t('children.includeArchived')}
          checked={includeArchived}
          onChange={(event) => refilter({ includeArchived: event.currentTarget.checked })}
          mb={8}
        />
      </Group>
      {(first.error ?? pages.find((page) => page.error)?.error) && (
        <Alert color="red" role="alert">
          {errorText(first.error ?? pages.find((page) => page.error)?.error)}
        </Alert>
      )}
      {total !== undefined && (
        <Text c="dimmed" size="sm" data-testid="children-total">
          {t('children.total', { count: total })}
        </Text>
      )}
      <div
        data-testid="children-scroller"
        ref={scroller}
        style={{ height: 'calc(100vh - 290px)', minHeight: 240, overflow: 'auto' }}
      >
        <Table highlightOnHover stickyHeader aria-rowcount={total} style={{ tableLayout: 'fixed' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="34%">{t('children.name')}</Table.Th>
              <Table.Th>{t('children.iin')}</Table.Th>
              <Table.Th>{t('children.birthDate')}</Table.Th>
              <Table.Th>{t('children.group')}</Table.Th>
              <Table.Th>{t('children.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {before > 0 && <tr style={{ height: before }} aria-hidden />}
            {items.map((item) => {
              const child = rowAt(item.index);
              const selected = item.index === current;
              return (
                <Table.Tr
                  key={child?.id ?? `row-${item.index}`}
                  data-index={item.index}
                  tabIndex={0}
                  aria-selected={selected}
                  aria-rowindex={item.index + 2}
                  aria-busy={child ? undefined : true}
                  bg={selected ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ cursor: 'pointer', height: ROW_HEIGHT }}
                  onClick={() => open(item.index)}
                  onFocus={() => onView(here({ active: item.index }))}
                  onKeyDown={keys}
                >
                  {child ? (
                    <>
                      <Table.Td style={CELL} title={fullName(child)}>
                        {fullName(child)}
                      </Table.Td>
                      <Table.Td style={CELL}>{child.iin}</Table.Td>
                      <Table.Td style={CELL}>{formatDate(child.birthDate)}</Table.Td>
                      <Table.Td style={CELL}>{child.group ?? '—'}</Table.Td>
                      <Table.Td style={CELL}>
                        {t(`children.statuses.${child.status}`)}
                        {child.archived ? ` · ${t('child.archived')}` : ''}
                      </Table.Td>
                    </>
                  ) : (
                    <Table.Td colSpan={5} c="dimmed">
                      …
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
            {after > 0 && <tr style={{ height: after }} aria-hidden />}
          </Table.Tbody>
        </Table>
        {total === 0 && (
          <Text c="dimmed" ta="center" mt="md">
            {first.data?.noGroupsAssigned
              ? t('children.noGroupsAssigned')
              : query.trim() || groupId || status
                ? t('children.notFound')
                : t('children.empty')}
          </Text>
        )}
      </div>
    </>
  );
}
