import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { toBase64 } from '../../lib/files';
import { fullName } from '../../lib/names';
import { formatDate, formatDateWords, today } from '../../lib/dates';
import { DateField } from '../../components/DateField';
import { useSession } from '../../app/session';
import { useLeaveGuard } from '../../lib/leaveGuard';
import { documentPermission, roleMay } from '../../../../electron/core/auth/permissions';
import { ABSENCE_REASONS, type AbsenceReason } from '../../../../electron/core/vocabulary/enums';
import {
  pickReason,
  reasonForKey,
  reasonLetters,
  toggleMark,
} from '../../../../electron/core/vocabulary/register-keys';
import { GroupSelect } from './GroupSelect';
import {
  PRESENT,
  addDays,
  clockOf,
  codeOf,
  isValidReason,
  languageOf,
  type DayCodes,
  type MarkValue,
  type RegisterDay,
} from './marks';

type Marks = Record<string, MarkValue>;

/** What the register shows for a group's day: the core's marks, every unmarked child present. */
function opened(day: RegisterDay): Marks {
  return Object.fromEntries(day.children.map((child) => [child.childId, child.mark ?? PRESENT]));
}

/**
 * The daily register: a group's day on one screen, keyboard first. ↑/↓ move, space toggles
 * present/absent, a letter picks a reason (the day-code template's letters), Enter or Ctrl+S
 * saves the whole group in one call. A failed save keeps every mark on screen.
 */
export function RegisterTab({
  groupId,
  onGroup,
  date,
  onDate,
  visible,
}: {
  groupId: string;
  onGroup: (groupId: string) => void;
  date: string;
  onDate: (date: string) => void;
  visible: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const key = `${groupId}|${date}`;
  const day = useQuery({
    queryKey: ['attendance', 'day', groupId, date],
    queryFn: () => call('attendance.day', { groupId, date }),
    enabled: !!groupId && validDate,
    staleTime: 0,
  });

  // A month reopened after closing: each change is a correction, with a reason of its own or
  // the reopening's.
  const month = date.slice(0, 7);
  const monthSheet = useQuery({
    queryKey: ['attendance', 'month', groupId, month],
    queryFn: () => call('attendance.month', { groupId, month }),
    enabled: !!groupId && validDate && day.data?.monthStatus === 'open',
    staleTime: 0,
  });
  const reopened = monthSheet.data?.state.history.findLast((event) => event.type === 'reopen');
  const [correctionReason, setCorrectionReason] = useState('');

  // The marks being edited, for the day they belong to; set again when another day loads.
  const [edit, setEdit] = useState<{
    key: string;
    source: RegisterDay;
    marks: Marks;
    dirty: boolean;
  } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [active, setActive] = useState(0);
  const [missingNote, setMissingNote] = useState<string[]>([]);
  // Time fields (`childId:field`) whose text is not a time: the save waits for them.
  const [badTimes, setBadTimes] = useState<string[]>([]);
  const [timesRefused, setTimesRefused] = useState(false);
  // Bumped when the marks on screen are replaced: the time fields start again from them.
  const [generation, setGeneration] = useState(0);
  const reset = (source: RegisterDay) => {
    setEdit({ key, source, marks: opened(source), dirty: false });
    setBadTimes([]);
    setTimesRefused(false);
    setGeneration((value) => value + 1);
  };
  // A day loaded, or loaded again with nothing changed on screen: show what the core holds.
  if (day.data && (edit?.key !== key || (!edit.dirty && edit.source !== day.data))) {
    reset(day.data);
    setFailure(null);
    setMissingNote([]);
  }
  const current = edit?.key === key ? edit : null;
  const data = day.data;
  // Marks go on past days and today only (the core refuses a later day).
  const future = !!data && data.date > today();
  const editable =
    !!data &&
    data.day.working &&
    !future &&
    data.monthStatus === 'open' &&
    roleMay(session.role, 'attendance.write');
  const attaches = roleMay(session.role, documentPermission('absence_reason', 'write'));
  const rows = data?.children ?? [];
  const marks = current?.marks ?? {};
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const noteRefs = useRef<Record<string, HTMLInputElement | null>>({});
  const letters = data ? reasonLetters(language, data.codes) : new Map<string, AbsenceReason>();

  const change = (childId: string, next: (value: MarkValue) => MarkValue) => {
    if (!editable || !current) return;
    setEdit({
      ...current,
      marks: { ...current.marks, [childId]: next(current.marks[childId] ?? PRESENT) },
      dirty: true,
    });
    setMissingNote((list) => list.filter((id) => id !== childId));
  };

  /** Saves the group's day; true once the core has stored it. */
  const save = useCallback(async (): Promise<boolean> => {
    if (!editable || !current || !data || saving) return false;
    // Times as the core takes them: 24-hour HH:MM, leaving not before arriving.
    const timesBad =
      badTimes.length > 0 ||
      data.children.some((child) => departureBeforeArrival(current.marks[child.childId]));
    setTimesRefused(timesBad);
    if (timesBad) {
      setFailure(null);
      return false;
    }
    // "Other" asks for a note before the round trip; the core checks it again.
    const noNote = data.children
      .filter((child) => {
        const value = current.marks[child.childId];
        return value?.status === 'absent' && value.reason === 'other' && !value.note.trim();
      })
      .map((child) => child.childId);
    setMissingNote(noNote);
    if (noNote.length) {
      setFailure(null);
      noteRefs.current[noNote[0]!]?.focus();
      return false;
    }
    setSaving(true);
    setFailure(null);
    try {
      const stored = await call('attendance.saveDay', {
        groupId,
        date,
        marks: data.children.map((child) => ({
          childId: child.childId,
          value: current.marks[child.childId] ?? PRESENT,
        })),
        ...(reopened && correctionReason.trim() ? { reason: correctionReason.trim() } : {}),
      });
      queryClient.setQueryData(['attendance', 'day', groupId, date], stored);
      setEdit({ key, source: stored, marks: opened(stored), dirty: false });
      notifications.show({
        color: 'teal',
        message: t('attendance.register.saved'),
        autoClose: 2500,
      });
      void queryClient.invalidateQueries({ queryKey: ['attendance', 'month'] });
      return true;
    } catch (error) {
      // The marks stay on screen as they were: nothing typed is lost.
      setFailure(error);
      return false;
    } finally {
      setSaving(false);
    }
  }, [
    badTimes,
    correctionReason,
    current,
    data,
    date,
    editable,
    groupId,
    key,
    queryClient,
    reopened,
    saving,
    t,
  ]);

  // Ctrl+S saves from anywhere on the register (a note or a time field too).
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && (event.key === 's' || event.code === 'KeyS')) {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, visible]);

  // Leaving the page (the menu, lock, sign-out) or the window with marks not saved asks first.
  useLeaveGuard(!!current?.dirty || badTimes.length > 0, {
    save,
    discard: () => data && reset(data),
  });

  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    rowRefs.current[next]?.focus();
  };

  const rowKeys = (index: number, childId: string) => (event: React.KeyboardEvent) => {
    if (event.target !== event.currentTarget || event.ctrlKey || event.altKey || event.metaKey)
      return;
    if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else if (event.key === ' ') change(childId, toggleMark);
    else if (event.key === 'Enter') void save();
    else {
      // The letter typed, or on a Latin layout the Cyrillic letter of the same key.
      const reason = data && reasonForKey(event.key, event.code, language, data.codes);
      if (!reason) return;
      change(childId, (value) => pickReason(value, reason));
      // "Other" asks for its note at once.
      if (reason === 'other' && editable) setTimeout(() => noteRefs.current[childId]?.focus(), 0);
    }
    event.preventDefault();
  };

  /** Back from a note or a time field to the child's row with Enter or Escape. */
  const backToRow = (index: number) => (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      focusRow(index);
    }
  };

  const absent = rows.filter((child) => marks[child.childId]?.status === 'absent').length;
  const notSaved = !!data && (current?.dirty || data.children.some((child) => !child.mark));

  return (
    <>
      <Group align="end" wrap="wrap">
        <GroupSelect value={groupId} onChange={onGroup} disabled={!!current?.dirty} />
        <Button
          variant="default"
          onClick={() => onDate(addDays(date, -1))}
          disabled={!validDate || !!current?.dirty}
          aria-label={t('attendance.register.previousDay')}
        >
          ←
        </Button>
        <DateField
          label={t('attendance.register.date')}
          value={date}
          onChange={onDate}
          disabled={!!current?.dirty}
          w={140}
        />
        <Button
          variant="default"
          onClick={() => onDate(addDays(date, 1))}
          disabled={!validDate || !!current?.dirty}
          aria-label={t('attendance.register.nextDay')}
        >
          →
        </Button>
        {editable && (
          <Button onClick={() => void save()} loading={saving} data-testid="register-save">
            {t('attendance.register.save')}
          </Button>
        )}
        {current?.dirty && (
          <Button variant="subtle" color="gray" onClick={() => data && reset(data)}>
            {t('attendance.register.discard')}
          </Button>
        )}
      </Group>
      {!groupId && <Text c="dimmed">{t('attendance.chooseGroup')}</Text>}
      {day.isLoading && <Loader size="sm" />}
      {day.error && (
        <Alert color="red" role="alert">
          {errorText(day.error)}
        </Alert>
      )}
      {data && (
        <Text fw={600} data-testid="register-day">
          {formatDateWords(data.date, language)} · {t(`attendance.weekdays.${data.day.weekday}`)}
        </Text>
      )}
      {data && !data.day.working && (
        <Alert color="orange" data-testid="register-day-off">
          {t('attendance.register.dayOff', {
            kind: t(`attendance.dayKinds.${data.day.kind}`),
            holiday: data.day.holiday ? ` (${t(`attendance.holidays.${data.day.holiday}`)})` : '',
          })}
        </Alert>
      )}
      {data && data.day.working && future && (
        <Alert color="orange" data-testid="register-future">
          {t('errors.attendanceFutureDay', { date: formatDate(data.date) })}
        </Alert>
      )}
      {data && data.day.working && data.monthStatus === 'closed' && (
        <Alert color="orange" data-testid="register-closed">
          {t('errors.attendanceMonthClosed')}
        </Alert>
      )}
      {editable && reopened && (
        <TextInput
          label={t('attendance.register.correctionReason')}
          description={t('attendance.register.correctionReasonHint', {
            reason:
              reopened.reason === 'portal:reopenedElsewhere'
                ? t('attendance.history.reopenedElsewhere')
                : (reopened.reason ?? ''),
          })}
          value={correctionReason}
          maxLength={500}
          onChange={(event) => setCorrectionReason(event.currentTarget.value)}
          data-testid="correction-reason"
        />
      )}
      {failure !== null && (
        <Alert color="red" role="alert" data-testid="register-failure">
          {errorText(failure)} {t('attendance.register.keptOnScreen')}
        </Alert>
      )}
      {timesRefused && (
        <Alert color="red" role="alert" data-testid="register-times-invalid">
          {t('attendance.register.timesInvalid')}
        </Alert>
      )}
      {missingNote.length > 0 && (
        <Alert color="red" role="alert">
          {t('attendance.register.noteRequired')}
        </Alert>
      )}
      {data && data.day.working && (
        <>
          <Group gap="md">
            <Text size="sm" data-testid="register-summary">
              {t('attendance.register.summary', {
                present: rows.length - absent,
                absent,
                total: rows.length,
              })}
            </Text>
            {notSaved && editable && (
              <Badge color="orange" variant="light" data-testid="register-unsaved">
                {t('attendance.register.unsaved')}
              </Badge>
            )}
          </Group>
          {editable && (
            <Text size="xs" c="dimmed" data-testid="register-keys">
              {t('attendance.register.keys', {
                letters: [...letters.entries()]
                  .map(
                    ([letter, reason]) =>
                      `${letter} — ${data.codes.reasons[reason].name[language]}`,
                  )
                  .join('; '),
              })}
            </Text>
          )}
          {rows.length === 0 && <Text c="dimmed">{t('attendance.noChildren')}</Text>}
          <Table withTableBorder highlightOnHover data-testid="register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>№</Table.Th>
                <Table.Th>{t('attendance.child')}</Table.Th>
                <Table.Th w={150}>{t('attendance.register.mark')}</Table.Th>
                <Table.Th>{t('attendance.register.reason')}</Table.Th>
                <Table.Th>{t('attendance.register.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((child, index) => {
                const value = marks[child.childId] ?? PRESENT;
                const name = fullName(child);
                return (
                  <Table.Tr
                    key={child.childId}
                    ref={(node) => {
                      rowRefs.current[index] = node;
                    }}
                    tabIndex={0}
                    aria-selected={index === active}
                    aria-label={name}
                    data-testid="register-row"
                    data-status={value.status}
                    bg={index === active ? 'var(--mantine-color-blue-light)' : undefined}
                    onFocus={(event) => event.target === event.currentTarget && setActive(index)}
                    onKeyDown={rowKeys(index, child.childId)}
                  >
                    <Table.Td>{index + 1}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{name}</Text>
                        {child.certificateDue && (
                          <Tooltip label={t('attendance.register.certificateHint')} withArrow>
                            <Badge color="red" variant="light" data-testid="certificate-due">
                              {t('attendance.register.certificateDue')}
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant={value.status === 'present' ? 'light' : 'filled'}
                        color={value.status === 'present' ? 'teal' : 'red'}
                        disabled={!editable}
                        tabIndex={-1}
                        onClick={() => change(child.childId, toggleMark)}
                        data-testid="mark-toggle"
                      >
                        {codeOf(data.codes, value, language)}{' '}
                        {value.status === 'present'
                          ? data.codes.present.name[language]
                          : t('attendance.register.absent')}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      {value.status === 'absent' && (
                        <NativeSelect
                          size="xs"
                          tabIndex={-1}
                          aria-label={t('attendance.register.reason')}
                          value={value.reason}
                          disabled={!editable}
                          onChange={(event) =>
                            change(child.childId, (old) =>
                              pickReason(old, event.currentTarget.value as AbsenceReason),
                            )
                          }
                          data={ABSENCE_REASONS.map((reason) => ({
                            value: reason,
                            label: `${data.codes.reasons[reason].code[language]} — ${data.codes.reasons[reason].name[language]}`,
                          }))}
                          data-testid="mark-reason"
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <MarkDetails
                        childId={child.childId}
                        value={value}
                        codes={data.codes}
                        editable={editable}
                        attaches={attaches && editable}
                        noteMissing={missingNote.includes(child.childId)}
                        timeKey={`${key}:${child.childId}:${generation}`}
                        showTimeErrors={timesRefused}
                        onTimeValid={(field, valid) => {
                          // A time changed: the refusal's notice waits for the next save.
                          setTimesRefused(false);
                          setBadTimes((list) => {
                            const id = `${child.childId}:${field}`;
                            if (valid)
                              return list.includes(id) ? list.filter((x) => x !== id) : list;
                            return list.includes(id) ? list : [...list, id];
                          });
                        }}
                        noteRef={(node) => {
                          noteRefs.current[child.childId] = node;
                        }}
                        onBack={backToRow(index)}
                        onChange={(next) => change(child.childId, () => next)}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}

/**
 * A mark's optional details: arrival and departure for a present child; for an absent one
 * the note ("other" needs one) and, for a valid reason, the supporting document, imported as
 * an absence-reason document of the child (encrypted like every document) and linked.
 */
function MarkDetails({
  childId,
  value,
  codes,
  editable,
  attaches,
  noteMissing,
  timeKey,
  showTimeErrors,
  onTimeValid,
  noteRef,
  onBack,
  onChange,
}: {
  childId: string;
  value: MarkValue;
  codes: DayCodes;
  editable: boolean;
  attaches: boolean;
  noteMissing: boolean;
  timeKey: string;
  showTimeErrors: boolean;
  onTimeValid: (field: 'arrival' | 'departure', valid: boolean) => void;
  noteRef: (node: HTMLInputElement | null) => void;
  onBack: (event: React.KeyboardEvent) => void;
  onChange: (value: MarkValue) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const file = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (value.status === 'present')
    return (
      <Group gap="xs" wrap="nowrap">
        {(['arrival', 'departure'] as const).map((field) => (
          <TimeField
            key={`${timeKey}:${field}`}
            label={t(`attendance.register.${field}`)}
            value={value[field]}
            disabled={!editable}
            showError={showTimeErrors}
            error={
              field === 'departure' && departureBeforeArrival(value)
                ? t('attendance.register.departureBeforeArrival')
                : undefined
            }
            onBack={onBack}
            onValid={(valid) => onTimeValid(field, valid)}
            onChange={(time) => {
              const next: MarkValue = { ...value };
              if (time) next[field] = time;
              else delete next[field];
              onChange(next);
            }}
            testId={`mark-${field}`}
          />
        ))}
      </Group>
    );

  const attach = async (picked: File) => {
    setFailure(null);
    setImporting(true);
    try {
      const contentBase64 = await toBase64(picked);
      const imported = await call('documents.import', {
        childId,
        type: 'absence_reason',
        title: picked.name.slice(0, 200) || t('attendance.register.document'),
        contentBase64,
      });
      onChange({ ...value, documentId: imported.id });
      notifications.show({ color: 'teal', message: t('attendance.register.documentAttached') });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setImporting(false);
    }
  };

  const valid = isValidReason(codes, value.reason);
  return (
    <Group gap="xs" align="start">
      <TextInput
        ref={noteRef}
        size="xs"
        tabIndex={-1}
        w={220}
        aria-label={t('attendance.register.note')}
        placeholder={
          value.reason === 'other'
            ? t('attendance.register.noteNeeded')
            : t('attendance.register.note')
        }
        value={value.note}
        maxLength={500}
        disabled={!editable}
        error={noteMissing ? t('validation.required') : undefined}
        onKeyDown={onBack}
        onChange={(event) => onChange({ ...value, note: event.currentTarget.value })}
        data-testid="mark-note"
      />
      {valid && value.documentId && (
        <Badge color="teal" variant="light" data-testid="mark-document">
          {t('attendance.register.documentLinked')}
        </Badge>
      )}
      {valid && attaches && (
        <>
          <Button
            size="compact-xs"
            variant="light"
            tabIndex={-1}
            loading={importing}
            onClick={() => file.current?.click()}
            data-testid="mark-attach"
          >
            {value.documentId
              ? t('attendance.register.replaceDocument')
              : t('attendance.register.attachDocument')}
          </Button>
          <input
            ref={file}
            type="file"
            hidden
            accept="image/jpeg,image/png,application/pdf"
            data-testid="mark-document-file"
            onChange={(event) => {
              const picked = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (picked) void attach(picked);
            }}
          />
        </>
      )}
      {failure && (
        <Text size="xs" c="red" role="alert">
          {failure}
        </Text>
      )}
    </Group>
  );
}

/** A present child's departure typed earlier than the arrival (the core refuses it). */
function departureBeforeArrival(value: MarkValue | undefined): boolean {
  return (
    value?.status === 'present' &&
    !!value.arrival &&
    !!value.departure &&
    value.departure < value.arrival
  );
}

/**
 * A time of day in 24-hour HH:MM, whatever the browser's locale (a native time input would
 * show AM/PM in some): digits typed as they come ("815" and "8.15" are 08:15 once left),
 * nothing typed is no time, other text is shown as wrong and holds the save.
 */
function TimeField({
  label,
  value,
  disabled,
  showError,
  error,
  onBack,
  onValid,
  onChange,
  testId,
}: {
  label: string;
  value: string | undefined;
  disabled: boolean;
  showError: boolean;
  error: string | undefined;
  onBack: (event: React.KeyboardEvent) => void;
  onValid: (valid: boolean) => void;
  onChange: (time: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const [left, setLeft] = useState(false);
  const clock = clockOf(text);
  const shown =
    clock === null && (left || showError) ? t('attendance.register.timeInvalid') : error;
  const tidy = () => {
    setLeft(true);
    if (clock) setText(clock);
  };
  return (
    <TextInput
      size="xs"
      w={110}
      tabIndex={-1}
      inputMode="numeric"
      autoComplete="off"
      maxLength={5}
      aria-label={label}
      placeholder={t('attendance.register.timePlaceholder')}
      title={label}
      value={text}
      disabled={disabled}
      error={shown}
      onBlur={tidy}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') tidy();
        onBack(event);
      }}
      onChange={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        setLeft(false);
        const next = clockOf(typed);
        onValid(next !== null);
        if (next !== null && next !== (value ?? '')) onChange(next || undefined);
      }}
      data-testid={testId}
    />
  );
}
