import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { saveFile } from '../../lib/files';
import { fullName } from '../../lib/names';
import { formatDate, formatDateTime } from '../../lib/dates';
import { PdfPages } from '../../components/PdfPages';
import { ConfirmChanges } from '../../components/ConfirmChanges';
import { useSession } from '../../app/session';
import type { MethodOutput } from '../../../../electron/core/api';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { GroupSelect } from './GroupSelect';
import { MonthPicker } from './MonthPicker';
import { codeOf, languageOf, type DayCodes, type Language, type MarkValue } from './marks';
import './print.css';

/** A reason the core stores as a code (a change made on another device, attendance-record's
 *  ELSEWHERE_REASONS) and its i18n key; any other reason is the director's own words. */
const ELSEWHERE_REASON_KEYS: Record<string, string> = {
  'portal:reopenedElsewhere': 'attendance.history.reopenedElsewhere',
};

type Month = MethodOutput<'attendance.month'>;
type Row = Month['rows'][number];
type Cell = Row['cells'][number];
type PdfLanguage = 'kk' | 'ru' | 'both';

const CELL = { padding: '2px 3px', textAlign: 'center', fontSize: 12, minWidth: 22 } as const;
const PARENT_COLOR = { pending: 'gray', confirmed: 'teal', disputed: 'red' } as const;

function cellCode(cell: Cell, codes: DayCodes, language: Language): string {
  if (cell.status === 'present' || cell.status === 'absent')
    return codeOf(codes, cell as MarkValue, language);
  if (cell.status === 'unmarked') return '·';
  if (cell.status === 'notEnrolled') return '–';
  return '';
}

/** A mark before or after a correction, in words ("А — Ауру", "—" when there was none). */
function markWords(value: MarkValue | null, codes: DayCodes, language: Language): string {
  if (!value) return '—';
  const name =
    value.status === 'present'
      ? codes.present.name[language]
      : codes.reasons[value.reason].name[language];
  return `${codeOf(codes, value, language)} — ${name}`;
}

/** The system's print dialog for the pages on screen, the app around them left out. */
function printPages() {
  document.body.classList.add('print-timesheet');
  window.addEventListener('afterprint', () => document.body.classList.remove('print-timesheet'), {
    once: true,
  });
  window.print();
}

/**
 * A group's month: the timesheet's codes per day, totals per child and per day, what each
 * parent said; the director closes the month and reopens it with a reason; every correction
 * after closing is listed; the timesheet is saved as a PDF or printed, in kk, ru or both.
 */
export function MonthTab({
  groupId,
  onGroup,
  month,
  onMonth,
  focusChild,
}: {
  groupId: string;
  onGroup: (groupId: string) => void;
  month: string;
  onMonth: (month: string) => void;
  focusChild: string | null;
}) {
  const { t, i18n } = useTranslation();
  const reasonWords = (reason: string) => {
    const key = ELSEWHERE_REASON_KEYS[reason];
    return key ? t(key) : reason;
  };
  const language = languageOf(i18n.language);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const director = roleMay(session.role, 'attendance.close');
  const sheet = useQuery({
    queryKey: ['attendance', 'month', groupId, month],
    queryFn: () => call('attendance.month', { groupId, month }),
    enabled: !!groupId,
    staleTime: 0,
  });
  const [closing, setClosing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [pdfLanguage, setPdfLanguage] = useState<PdfLanguage>(language);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [preview, setPreview] = useState<{ fileName: string; pdfBase64: string } | null>(null);
  const focused = useRef<HTMLTableRowElement>(null);
  // Braces: a browser's scrollIntoView may answer a promise, which is no effect cleanup.
  useEffect(() => {
    focused.current?.scrollIntoView({ block: 'center' });
  }, [sheet.data, focusChild]);

  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['attendance'] }).catch(() => undefined);

  const pdf = async (): Promise<{ fileName: string; pdfBase64: string } | null> => {
    setPdfBusy(true);
    try {
      const made = await call('attendance.timesheetPdf', { groupId, month, language: pdfLanguage });
      return made;
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
      return null;
    } finally {
      setPdfBusy(false);
    }
  };
  const savePdf = async () => {
    const made = await pdf();
    if (!made) return;
    // Named by the month and the group, never by a person (the core's name).
    saveFile(made.pdfBase64, made.fileName, 'application/pdf');
    notifications.show({ color: 'teal', message: t('attendance.pdf.saved') });
  };
  const showPrint = async () => {
    const made = await pdf();
    if (made) setPreview(made);
  };

  const data = sheet.data;
  const closed = data?.state.status === 'closed';
  const names = new Map(data?.rows.map((row) => [row.childId, fullName(row)]) ?? []);
  return (
    <Stack>
      <Group align="end" wrap="wrap">
        <GroupSelect value={groupId} onChange={onGroup} />
        <MonthPicker value={month} onChange={onMonth} />
        {data && (
          <Badge
            size="lg"
            color={closed ? 'gray' : 'blue'}
            variant="light"
            data-testid="month-status"
          >
            {t(`attendance.monthStatuses.${data.state.status}`)}
          </Badge>
        )}
        {data && director && !closed && (
          <Button onClick={() => setClosing(true)} data-testid="close-month">
            {t('attendance.close.button')}
          </Button>
        )}
        {data && director && closed && (
          <Button variant="default" onClick={() => setReopening(true)} data-testid="reopen-month">
            {t('attendance.reopen.button')}
          </Button>
        )}
      </Group>
      {data && (
        <Group align="end">
          <SegmentedControl
            value={pdfLanguage}
            onChange={(value) => setPdfLanguage(value as PdfLanguage)}
            data={[
              { value: 'kk', label: t('attendance.pdf.kk') },
              { value: 'ru', label: t('attendance.pdf.ru') },
              { value: 'both', label: t('attendance.pdf.both') },
            ]}
            aria-label={t('attendance.pdf.language')}
            data-testid="pdf-language"
          />
          <Button variant="default" loading={pdfBusy} onClick={() => void savePdf()}>
            {t('attendance.pdf.save')}
          </Button>
          <Button variant="default" loading={pdfBusy} onClick={() => void showPrint()}>
            {t('attendance.pdf.print')}
          </Button>
        </Group>
      )}
      {!groupId && <Text c="dimmed">{t('attendance.chooseGroup')}</Text>}
      {sheet.isLoading && <Loader size="sm" />}
      {sheet.error && (
        <Alert color="red" role="alert">
          {errorText(sheet.error)}
        </Alert>
      )}
      {data && (
        <div style={{ overflowX: 'auto' }}>
          <Table withTableBorder withColumnBorders data-testid="timesheet" fz="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('attendance.child')}</Table.Th>
                {data.days.map((day) => (
                  <Table.Th
                    key={day.date}
                    style={CELL}
                    bg={day.working ? undefined : 'gray.2'}
                    title={t(`attendance.dayKinds.${day.kind}`)}
                  >
                    {day.day}
                  </Table.Th>
                ))}
                <Table.Th style={CELL} title={t('attendance.totals.attended')}>
                  {t('attendance.totals.attendedShort')}
                </Table.Th>
                <Table.Th style={CELL} title={t('attendance.totals.absentValid')}>
                  {t('attendance.totals.absentValidShort')}
                </Table.Th>
                <Table.Th style={CELL} title={t('attendance.totals.absentWithout')}>
                  {t('attendance.totals.absentWithoutShort')}
                </Table.Th>
                <Table.Th>{t('attendance.parent.title')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row) => (
                <Table.Tr
                  key={row.childId}
                  ref={row.childId === focusChild ? focused : undefined}
                  bg={row.childId === focusChild ? 'var(--mantine-color-yellow-light)' : undefined}
                  data-testid="timesheet-row"
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs">{fullName(row)}</Text>
                    <Text size="xs" c="dimmed">
                      {row.iin}
                    </Text>
                  </Table.Td>
                  {row.cells.map((cell, index) => (
                    <Table.Td
                      key={data.days[index]!.date}
                      style={CELL}
                      bg={
                        cell.status === 'dayOff'
                          ? 'gray.2'
                          : cell.status === 'absent'
                            ? cell.valid
                              ? 'yellow.1'
                              : 'red.1'
                            : undefined
                      }
                    >
                      {cellCode(cell, data.codes, language)}
                    </Table.Td>
                  ))}
                  <Table.Td style={CELL} data-testid="total-attended">
                    {row.totals.attended}
                  </Table.Td>
                  <Table.Td style={CELL} data-testid="total-valid">
                    {row.totals.absentValid}
                  </Table.Td>
                  <Table.Td style={CELL} data-testid="total-without">
                    {row.totals.absentWithout}
                  </Table.Td>
                  <Table.Td data-testid="parent-status">
                    <Badge color={PARENT_COLOR[row.parent.status]} variant="light">
                      {t(`attendance.parent.${row.parent.status}`)}
                    </Badge>
                    {row.parent.comment && (
                      <Text size="xs" data-testid="parent-comment">
                        {row.parent.comment}
                      </Text>
                    )}
                    {row.parent.at && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(row.parent.at)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('attendance.totals.perDay')}</Table.Th>
                {data.dayTotals.map((day) => (
                  <Table.Td key={day.date} style={CELL}>
                    {day.working ? day.attended : ''}
                  </Table.Td>
                ))}
                <Table.Th style={CELL}>{data.totals.attended}</Table.Th>
                <Table.Th style={CELL}>{data.totals.absentValid}</Table.Th>
                <Table.Th style={CELL}>{data.totals.absentWithout}</Table.Th>
                <Table.Td>
                  {data.totals.unmarked > 0 && (
                    <Tooltip label={t('attendance.totals.unmarkedHint')} withArrow>
                      <Text size="xs" c="orange" data-testid="unmarked">
                        {t('attendance.totals.unmarked', { count: data.totals.unmarked })}
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </div>
      )}
      {data && (
        <Text size="xs" c="dimmed" data-testid="timesheet-legend">
          {[
            `${data.codes.present.code[language]} — ${data.codes.present.name[language]}`,
            ...Object.values(data.codes.reasons).map(
              (entry) => `${entry.code[language]} — ${entry.name[language]}`,
            ),
            `· — ${t('attendance.legend.unmarked')}`,
            `– — ${t('attendance.legend.notEnrolled')}`,
          ].join('; ')}
        </Text>
      )}
      {data && data.state.history.length > 0 && (
        <Stack gap={2} data-testid="month-history">
          {data.state.history.map((event, index) => (
            <Text key={index} size="xs" c="dimmed">
              {formatDateTime(event.at)} · {t(`attendance.history.${event.type}`)} ·{' '}
              {event.byName ?? '—'}
              {event.reason ? ` · ${reasonWords(event.reason)}` : ''}
            </Text>
          ))}
        </Stack>
      )}
      {data && data.corrections.length > 0 && (
        <Stack gap="xs">
          <Title order={4}>{t('attendance.corrections.title')}</Title>
          <Table withTableBorder data-testid="corrections">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('attendance.corrections.date')}</Table.Th>
                <Table.Th>{t('attendance.child')}</Table.Th>
                <Table.Th>{t('attendance.corrections.before')}</Table.Th>
                <Table.Th>{t('attendance.corrections.after')}</Table.Th>
                <Table.Th>{t('attendance.corrections.by')}</Table.Th>
                <Table.Th>{t('attendance.corrections.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.corrections.map((correction, index) => (
                <Table.Tr key={index} data-testid="correction">
                  <Table.Td>{formatDate(correction.date)}</Table.Td>
                  <Table.Td>{names.get(correction.childId) ?? '—'}</Table.Td>
                  <Table.Td>{markWords(correction.before, data.codes, language)}</Table.Td>
                  <Table.Td>{markWords(correction.after, data.codes, language)}</Table.Td>
                  <Table.Td>
                    {correction.byName ?? '—'} · {formatDateTime(correction.at)}
                  </Table.Td>
                  <Table.Td>{reasonWords(correction.reason)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <ConfirmChanges
        opened={closing}
        title={t('attendance.close.title')}
        intro={t('attendance.close.intro')}
        changes={[
          {
            label: t('attendance.month'),
            from: t('attendance.monthStatuses.open'),
            to: t('attendance.monthStatuses.closed'),
          },
        ]}
        confirmLabel={t('attendance.close.confirm')}
        onConfirm={async () => {
          await call('attendance.closeMonth', { groupId, month });
          notifications.show({ color: 'teal', message: t('attendance.close.done') });
          await refresh();
        }}
        onClose={() => setClosing(false)}
      />
      <ConfirmChanges
        opened={reopening}
        title={t('attendance.reopen.title')}
        intro={t('attendance.reopen.intro')}
        changes={[
          {
            label: t('attendance.month'),
            from: t('attendance.monthStatuses.closed'),
            to: t('attendance.monthStatuses.open'),
          },
        ]}
        confirmLabel={t('attendance.reopen.confirm')}
        ready={reason.trim() !== ''}
        onConfirm={async () => {
          await call('attendance.reopenMonth', { groupId, month, reason: reason.trim() });
          notifications.show({ color: 'teal', message: t('attendance.reopen.done') });
          setReason('');
          await refresh();
        }}
        onClose={() => setReopening(false)}
      >
        <Textarea
          label={t('attendance.reopen.reason')}
          withAsterisk
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-testid="reopen-reason"
          data-autofocus
        />
      </ConfirmChanges>
      <Modal
        opened={!!preview}
        onClose={() => setPreview(null)}
        size="auto"
        title={t('attendance.pdf.previewTitle')}
      >
        {preview && (
          <Stack>
            <Group justify="flex-end" className="no-print">
              <Button
                variant="default"
                onClick={() => saveFile(preview.pdfBase64, preview.fileName, 'application/pdf')}
              >
                {t('attendance.pdf.save')}
              </Button>
              <Button onClick={printPages}>{t('attendance.pdf.printNow')}</Button>
            </Group>
            <div className="timesheet-print">
              <PdfPages
                base64={preview.pdfBase64}
                width={1000}
                pageLabel={(number) => t('attendance.pdf.page', { number })}
                fallback={
                  <Alert color="red" role="alert">
                    {t('attendance.pdf.cannotShow')}
                  </Alert>
                }
              />
            </div>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
