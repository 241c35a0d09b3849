import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  CloseButton,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { refusedFields } from '../../lib/coreFieldErrors';
import { DateField } from '../../components/DateField';
import type { MethodInput } from '../../../../electron/core/api';
import type { Cell, FieldSpec, Section, StoredRecord } from './sections';

type NewRecord = MethodInput<'health.addRecord'>['record'];

/** One small form per kind of record; what the core refuses shows on its field. */
function AddRecord({
  childId,
  fields,
  build,
  onAdded,
}: {
  childId: string;
  fields: readonly FieldSpec[];
  build: (values: Record<string, string>) => NewRecord;
  onAdded: (stored: StoredRecord) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const initial = () =>
    Object.fromEntries(
      fields.map((f) => [f.name, f.options?.[0] ?? (f.name === 'dose' ? '1' : '')]),
    );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setInvalid({});
    setBusy(true);
    try {
      const stored = await call('health.addRecord', { childId, record: build(values) });
      setValues(initial());
      await onAdded(stored as StoredRecord);
    } catch (error) {
      setInvalid(
        Object.fromEntries(
          refusedFields(error, 'record.', 'child.invalid.value').map((f) => [f.field, f.message]),
        ),
      );
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const missing = fields.some((f) => f.required && !values[f.name]?.trim());
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" mt="sm">
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group align="end">
          {fields.map((f) => {
            const label = t(`child.health.${f.name}`);
            // A reason (a date in the future, hidden characters) says what is wrong; otherwise
            // the general hint (refusedFields).
            const refusal = invalid[f.name];
            const error = refusal ? t(refusal) : undefined;
            const set = (value: string) => setValues({ ...values, [f.name]: value });
            if (f.options)
              return (
                <NativeSelect
                  key={f.name}
                  label={label}
                  value={values[f.name]}
                  onChange={(e) => set(e.currentTarget.value)}
                  data={f.options.map((value) => ({
                    value,
                    label: t(`child.health.options.${value}`),
                  }))}
                  error={error}
                />
              );
            if (f.type === 'checkbox')
              return (
                <Checkbox
                  key={f.name}
                  label={label}
                  checked={values[f.name] === 'yes'}
                  onChange={(e) => set(e.currentTarget.checked ? 'yes' : '')}
                  mb={8}
                />
              );
            if (f.type === 'date')
              return (
                <DateField
                  key={f.name}
                  label={label}
                  withAsterisk={f.required}
                  value={values[f.name] ?? ''}
                  onChange={set}
                  error={error}
                  w={160}
                />
              );
            return (
              <TextInput
                key={f.name}
                label={label}
                // A number field is text: Chromium's number input drops "19,5" (decimal comma).
                type="text"
                inputMode={f.type === 'number' ? 'decimal' : undefined}
                withAsterisk={f.required}
                value={values[f.name]}
                onChange={(e) => set(e.currentTarget.value)}
                error={error}
                w={f.type === 'number' ? 110 : undefined}
              />
            );
          })}
          <Button type="submit" variant="light" loading={busy} disabled={missing}>
            {t('child.health.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Rows({
  rows,
  ids,
  empty,
  onRemove,
}: {
  rows: Cell[][];
  ids: string[];
  empty: string;
  onRemove: (recordId: string) => void;
}) {
  const { t } = useTranslation();
  if (!rows.length)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table fz="sm">
      <Table.Tbody>
        {rows.map((cells, i) => (
          <Table.Tr key={ids[i]}>
            {cells.map((cell, j) => (
              <Table.Td key={j}>{cell ?? '—'}</Table.Td>
            ))}
            <Table.Td w={40}>
              <CloseButton
                size="sm"
                aria-label={t('child.health.remove')}
                onClick={() => onRemove(ids[i]!)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * One section of the health tab, drawn from its descriptor (sections.ts): the stored records
 * of its kind, each removable, then what goes under the table, then the form that adds one.
 */
export function RecordSection({
  childId,
  section,
  records,
  onAdded,
  onRemove,
  children,
}: {
  childId: string;
  section: Section;
  records: StoredRecord[];
  onAdded: (stored: StoredRecord) => Promise<unknown>;
  onRemove: (recordId: string) => void;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const title = t(section.title);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={5}>{title}</Title>
      <Rows
        empty={t('child.health.noRecords')}
        ids={records.map((r) => r.id)}
        onRemove={onRemove}
        rows={records.map((r) => section.cells(r, t))}
      />
      {children}
      <AddRecord
        childId={childId}
        onAdded={onAdded}
        fields={section.fields}
        build={(values) => section.build(values)}
      />
    </Card>
  );
}
