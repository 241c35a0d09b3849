import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Popover,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { saveFile } from '../../lib/files';
import { formatDate, today } from '../../lib/dates';
import { useSession } from '../../app/session';
import { roleMay } from '../../../../electron/core/auth/permissions';
import {
  CHILD_STATUSES,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../../../electron/core/vocabulary/enums';
import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';
import {
  firstListView,
  listOutputs,
  LIST_KINDS,
  listFileName,
  queryOf,
  toggledColumns,
  type ListView,
} from './list-query';
import { ListPrintDialog, type ListPrint } from './ListPrintDialog';

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The filters survive a look at a child's record opened from a row (the tab is unmounted);
 * kept for the account that chose them only, so the next one to sign in starts afresh.
 */
let remembered: { accountId: string; view: ListView } | null = null;

/**
 * Lists of children for everyone who reads children's files: a group's children, the
 * representatives' contacts, the month's birthdays, a group's allergies for the kitchen. The
 * table is `reports.list` as the role may see it; the same query prints it (`reports.printList`)
 * and, for roles that export (`reports.export`: a saved file leaves the program), saves it as a
 * PDF (`reports.listPdf`) or as an .xlsx workbook (`reports.listXlsx`) after a warning that
 * names the file and says it holds personal data.
 */
export function ListsTab({ onOpenChild }: { onOpenChild: (childId: string) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { session } = useSession();
  const [view, setViewState] = useState<ListView>(() =>
    remembered?.accountId === session.accountId ? remembered.view : firstListView(),
  );
  const setView = (next: ListView) => {
    remembered = { accountId: session.accountId, view: next };
    setViewState(next);
  };
  const [language, setLanguage] = useState<UiLanguage>(i18n.language === 'ru' ? 'ru' : 'kk');
  const [busy, setBusy] = useState<'pdf' | 'xlsx' | null>(null);
  const [printing, setPrinting] = useState<ListPrint | null>(null);
  const [xlsxFile, setXlsxFile] = useState<string | null>(null);
  const outputs = listOutputs(session.role);
  const kinds = LIST_KINDS.filter(
    (kind) => kind !== 'allergies' || roleMay(session.role, 'health.read'),
  );

  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const query = queryOf(view);
  const list = useQuery({
    // The cells' words (status, relation) in the interface's language, as the headers.
    queryKey: ['reports', 'list', query, lang],
    queryFn: () => call('reports.list', { ...query, language: lang }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const rows = list.data?.rows ?? [];
  const columns = list.data?.columns ?? [];
  const shown: string[] = columns.map((column) => column.key);

  /** The file's words are in the file's language; the name carries no personal data. */
  const fileName = (extension: 'pdf' | 'xlsx') => {
    const fileT = i18n.getFixedT(language);
    const group = groups.data?.find((g) => g.id === view.groupId)?.name;
    const kind = fileT(`reportsLists.kinds.${view.kind}`);
    const month = MONTH_NAMES[language][Number(view.month) - 1];
    return listFileName(
      view.kind === 'birthdays' ? `${kind} (${month})` : kind,
      group ?? fileT('reportsLists.allGroups'),
      formatDate(today()),
      extension,
    );
  };
  const title = () => {
    const group = groups.data?.find((g) => g.id === view.groupId)?.name;
    return `${t(`reportsLists.kinds.${view.kind}`)} — ${group ?? t('reportsLists.allGroups')}`;
  };

  const save = async (format: 'pdf' | 'xlsx') => {
    setBusy(format);
    try {
      const file =
        format === 'pdf'
          ? await call('reports.listPdf', { ...query, language })
          : await call('reports.listXlsx', { ...query, language });
      saveFile(file.base64, fileName(format), MIME[format]);
      notifications.show({ color: 'teal', message: t('reportsLists.saved') });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack data-testid="reports-lists">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('reportsLists.kind')}
          value={view.kind}
          onChange={(event) =>
            setView({ ...view, kind: event.currentTarget.value as ListView['kind'], columns: null })
          }
          data={kinds.map((kind) => ({ value: kind, label: t(`reportsLists.kinds.${kind}`) }))}
        />
        <NativeSelect
          label={t('reportsLists.group')}
          value={view.groupId}
          onChange={(event) => setView({ ...view, groupId: event.currentTarget.value })}
          data={[
            { value: '', label: t('reportsLists.allGroups') },
            ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
          ]}
        />
        <NativeSelect
          label={t('reportsLists.status')}
          value={view.status}
          onChange={(event) => setView({ ...view, status: event.currentTarget.value })}
          data={[
            ...CHILD_STATUSES.map((status) => ({
              value: status,
              label: t(`children.statuses.${status}`),
            })),
            { value: 'all', label: t('reportsLists.allStatuses') },
          ]}
        />
        {view.kind === 'birthdays' && (
          <NativeSelect
            label={t('reportsLists.month')}
            value={view.month}
            onChange={(event) => setView({ ...view, month: event.currentTarget.value })}
            data={MONTH_NAMES[lang].map((name, index) => ({
              value: String(index + 1).padStart(2, '0'),
              label: name,
            }))}
          />
        )}
        <ColumnPicker
          available={list.data?.available ?? []}
          shown={shown}
          language={lang}
          onChange={(next) => setView({ ...view, columns: next })}
        />
      </Group>
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed" data-testid="reports-list-count">
          {list.data ? t('reportsLists.count', { count: rows.length }) : ''}
        </Text>
        <Group gap="xs">
          <Text size="xs" c="dimmed" aria-hidden>
            {t('reportsLists.language')}
          </Text>
          <SegmentedControl
            size="xs"
            aria-label={t('reportsLists.language')}
            value={language}
            onChange={(value) => setLanguage(value as UiLanguage)}
            data={UI_LANGUAGES.map((value) => ({
              value,
              label: t(`reportsLists.languages.${value}`),
            }))}
          />
          <Button
            size="xs"
            disabled={!rows.length}
            onClick={() => setPrinting({ query, language, title: title() })}
          >
            {t('reportsLists.print')}
          </Button>
          {outputs.pdf && (
            <Button
              size="xs"
              variant="default"
              disabled={!rows.length}
              loading={busy === 'pdf'}
              onClick={() => void save('pdf')}
            >
              {t('reportsLists.pdf')}
            </Button>
          )}
          {outputs.xlsx && (
            <Button
              size="xs"
              variant="default"
              disabled={!rows.length}
              loading={busy === 'xlsx'}
              onClick={() => setXlsxFile(fileName('xlsx'))}
            >
              {t('reportsLists.xlsx')}
            </Button>
          )}
        </Group>
      </Group>
      {list.error && (
        <Alert color="red" role="alert">
          {errorText(list.error)}
        </Alert>
      )}
      {list.isLoading && <Loader size="sm" />}
      {list.data && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover data-testid="reports-list-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>№</Table.Th>
                {columns.map((column) => (
                  <Table.Th key={column.key}>{column.label[lang]}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={`${row.childId}-${index}`}>
                  <Table.Td>{index + 1}</Table.Td>
                  {columns.map((column) => (
                    <Table.Td key={column.key}>
                      {column.key === 'name' ? (
                        <Anchor
                          fz="sm"
                          component="button"
                          type="button"
                          onClick={() => onOpenChild(row.childId)}
                        >
                          {row.cells[column.key]}
                        </Anchor>
                      ) : (
                        row.cells[column.key]
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('reportsLists.empty')}
        </Text>
      )}
      <ListPrintDialog target={printing} onClose={() => setPrinting(null)} />
      <Modal
        opened={xlsxFile !== null}
        onClose={() => setXlsxFile(null)}
        title={t('reportsLists.warnTitle')}
      >
        <Stack>
          <Text data-testid="reports-list-xlsx-warning">
            {t('reportsLists.warnText', { file: xlsxFile ?? '', rows: rows.length })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setXlsxFile(null)}>
              {t('reportsLists.warnCancel')}
            </Button>
            <Button
              data-autofocus
              onClick={() => {
                setXlsxFile(null);
                void save('xlsx');
              }}
            >
              {t('reportsLists.warnSave')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Which of the offered columns the table (and its files) show; keyboard: Tab, Space, Esc. */
function ColumnPicker({
  available,
  shown,
  language,
  onChange,
}: {
  available: ReadonlyArray<{ key: string; label: { kk: string; ru: string } }>;
  shown: string[];
  language: 'kk' | 'ru';
  onChange: (columns: string[]) => void;
}) {
  const { t } = useTranslation();
  const keys = available.map((column) => column.key);
  return (
    <Popover position="bottom-start" trapFocus returnFocus shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" disabled={!available.length}>
          {t('reportsLists.columns', { count: shown.length })}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={t('reportsLists.columnsHint')}>
          {available.map((column) => (
            <Checkbox
              key={column.key}
              label={column.label[language]}
              checked={shown.includes(column.key)}
              onChange={(event) =>
                onChange(toggledColumns(keys, shown, column.key, event.currentTarget.checked))
              }
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
