import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/dates';
import { useEntityLabel, useFieldLabel } from '../../lib/fieldLabels';

/** What both lists of refused changes show of a row (the portal's refusals and its pulls'). */
export interface RejectedRow {
  at: string;
  entity: string;
  childId: string | null;
  childName: string | null;
  record: string | null;
  fields: readonly string[];
  reason: string;
}

/** The fields a row names, in words ("—" for none). */
export function useFieldsText() {
  const fieldLabel = useFieldLabel();
  return (row: Pick<RejectedRow, 'entity' | 'fields'>) =>
    row.fields.map((field) => fieldLabel(row.entity, field)).join(', ') || '—';
}

/**
 * One list of refused changes: when, what record, whom it is about, its fields, and what the
 * reason means and what to do (`<reasons>.<reason>.meaning|todo`), with a column of actions
 * where the list has them. Test ids are `<testId>-table` and `<testId>-subject|fields|…`.
 */
export function RejectedTable<R extends RejectedRow>(props: {
  title: string;
  hint: string;
  none: string;
  rows: readonly R[] | undefined;
  error: unknown;
  tableTestId: string;
  testId: string;
  reasons: 'sync.rejection' | 'sync.pullRejection';
  rowKey: (row: R) => string;
  /** The entity badge's colour and words after it (a deletion). */
  entity?: (row: R) => { color?: string; after?: ReactNode };
  /** Below the reason's words (the portal's own text). */
  note?: (row: R) => ReactNode;
  actions?: { title: string; cell: (row: R) => ReactNode };
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const entityLabel = useEntityLabel();
  const fieldsText = useFieldsText();
  const { rows, testId, actions } = props;
  return (
    <Stack>
      <Title order={3}>{props.title}</Title>
      <Text size="sm" c="dimmed">
        {props.hint}
      </Text>
      {!!props.error && <Alert color="red">{errorText(props.error)}</Alert>}
      {rows?.length === 0 && <Text c="dimmed">{props.none}</Text>}
      {!!rows?.length && (
        <Table striped fz="sm" data-testid={props.tableTestId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.rejectedAt')}</Table.Th>
              <Table.Th>{t('sync.rejectedEntity')}</Table.Th>
              <Table.Th>{t('sync.rejectedSubject')}</Table.Th>
              <Table.Th>{t('sync.rejectedFields')}</Table.Th>
              <Table.Th>{t('sync.rejectedReason')}</Table.Th>
              {actions && <Table.Th>{actions.title}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const entity = props.entity?.(row);
              return (
                <Table.Tr key={props.rowKey(row)} data-reason={row.reason}>
                  <Table.Td>{formatDateTime(row.at)}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={entity?.color}
                      // A narrow column must not cut the entity's name to "ЖОЛ…".
                      styles={{ label: { overflow: 'visible' } }}
                    >
                      {entityLabel(row.entity)}
                    </Badge>
                    {entity?.after}
                  </Table.Td>
                  <Table.Td data-testid={`${testId}-subject`}>
                    {row.childId && (
                      <Text size="sm" fw={600}>
                        {row.childName ?? t('sync.rejectedNameHidden')}
                      </Text>
                    )}
                    {row.record && <Text size="sm">{row.record}</Text>}
                    {!row.childId && !row.record && '—'}
                  </Table.Td>
                  <Table.Td data-testid={`${testId}-fields`}>{fieldsText(row)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Text size="sm" fw={600} data-testid={`${testId}-meaning`}>
                        {t(`${props.reasons}.${row.reason}.meaning`)}
                      </Text>
                      <Text size="sm" data-testid={`${testId}-todo`}>
                        {t(`${props.reasons}.${row.reason}.todo`)}
                      </Text>
                      {props.note?.(row)}
                    </Stack>
                  </Table.Td>
                  {actions && <Table.Td>{actions.cell(row)}</Table.Td>}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
