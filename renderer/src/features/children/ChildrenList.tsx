import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Checkbox, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { fullName } from './files';
import { formatDate } from '../../lib/dates';
import type { MethodInput } from '../../../../electron/core/api';

const PAGE = 100;
const ROW_HEIGHT = 41;
const STATUSES = ['referred', 'enrolled', 'withdrawn', 'graduated'] as const;
type Filters = Omit<MethodInput<'children.list'>, 'offset' | 'limit'>;

/**
 * The children as one long table that only renders the rows in view and fetches pages as
 * they scroll in, so ten thousand files stay quick. Typing searches at once (names by prefix
 * in Kazakh or Russian letters, or IIN digits); ↑/↓ move, Enter opens.
 */
export function ChildrenList({ onOpen }: { onOpen: (childId: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [groupId, setGroupId] = useState('');
  const [status, setStatus] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [active, setActive] = useState(0);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const filters: Filters = {
    ...(query.trim() ? { query: query.trim() } : {}),
    ...(groupId ? { groupId } : {}),
    ...(status ? { status: status as Filters['status'] } : {}),
    includeArchived,
  };
  const list = useInfiniteQuery({
    queryKey: ['children', filters],
    queryFn: ({ pageParam }) =>
      call('children.list', { ...filters, offset: pageParam, limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.rows.length, 0);
      return loaded < last.total && last.rows.length > 0 ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.rows) ?? [];
  const total = list.data?.pages[0]?.total;

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= rows.length - 20) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastShown, rows.length]);

  const current = Math.min(active, Math.max(rows.length - 1, 0));
  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const keys = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown') move(current + 1);
    else if (event.key === 'ArrowUp') move(current - 1);
    else if (event.key === 'PageDown') move(current + 10);
    else if (event.key === 'PageUp') move(current - 10);
    else if (event.key === 'Enter') {
      // Rows still showing the previous search are not what was asked for.
      if (rows[current] && !list.isPlaceholderData) onOpen(rows[current].id);
    } else return;
    event.preventDefault();
  };
  const filtered =
    (set: (value: string) => void) => (event: React.ChangeEvent<HTMLSelectElement>) => {
      set(event.currentTarget.value);
      setActive(0);
      scroller.current?.scrollTo({ top: 0 });
    };

  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <>
      <Group align="end">
        <TextInput
          label={t('children.search')}
          placeholder={t('children.searchHint')}
          value={query}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setActive(0);
            scroller.current?.scrollTo({ top: 0 });
          }}
          onKeyDown={keys}
          autoFocus
          style={{ flex: 1 }}
          data-autofocus
        />
        <NativeSelect
          label={t('children.group')}
          value={groupId}
          onChange={filtered(setGroupId)}
          data={[
            { value: '', label: t('children.allGroups') },
            ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
          ]}
        />
        <NativeSelect
          label={t('children.status')}
          value={status}
          onChange={filtered(setStatus)}
          data={[
            { value: '', label: t('children.allStatuses') },
            ...STATUSES.map((value) => ({ value, label: t(`children.statuses.${value}`) })),
          ]}
        />
        <Checkbox
          label={t('children.includeArchived')}
          checked={includeArchived}
          onChange={(event) => {
            setIncludeArchived(event.currentTarget.checked);
            setActive(0);
          }}
          mb={8}
        />
      </Group>
      {list.error && (
        <Alert color="red" role="alert">
          {errorText(list.error)}
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
              const child = rows[item.index]!;
              const selected = item.index === current;
              return (
                <Table.Tr
                  key={child.id}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  tabIndex={0}
                  aria-selected={selected}
                  aria-rowindex={item.index + 2}
                  bg={selected ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ cursor: 'pointer', height: ROW_HEIGHT }}
                  onClick={() => onOpen(child.id)}
                  onFocus={() => setActive(item.index)}
                  onKeyDown={keys}
                >
                  <Table.Td>{fullName(child)}</Table.Td>
                  <Table.Td>{child.iin}</Table.Td>
                  <Table.Td>{formatDate(child.birthDate)}</Table.Td>
                  <Table.Td>{child.group ?? '—'}</Table.Td>
                  <Table.Td>
                    {t(`children.statuses.${child.status}`)}
                    {child.archived ? ` · ${t('child.archived')}` : ''}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {after > 0 && <tr style={{ height: after }} aria-hidden />}
          </Table.Tbody>
        </Table>
        {total === 0 && (
          <Text c="dimmed" ta="center" mt="md">
            {query.trim() || groupId || status ? t('children.notFound') : t('children.empty')}
          </Text>
        )}
      </div>
    </>
  );
}
