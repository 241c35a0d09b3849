import { useTranslation } from 'react-i18next';
import { Table, Text } from '@mantine/core';
import type { MethodOutput } from '../../../electron/core/api';
import { formatDateTime } from '../lib/dates';
import { useFieldLabel } from '../lib/fieldLabels';
import { auditDetailText, isReportAction } from '../../../electron/core/vocabulary/audit-details';

/**
 * What the table shows of an audit row (`children.history` rows carry no entity id, and name
 * the fields a change made, e.g. one from the portal).
 */
export type AuditTableRow = Pick<
  MethodOutput<'audit.list'>[number],
  'seq' | 'at' | 'actorId' | 'action' | 'entity' | 'outcome'
> & { fields?: readonly string[] | null };

interface AuditTableProps {
  rows: readonly AuditTableRow[] | undefined;
  /** Who acted: each page decides how much of the staff list its reader may see. */
  actorName: (actorId: string | null) => string;
  /** The audit page's column naming the child or record of each row (the log's own rows). */
  subject?: (row: AuditTableRow) => string;
  testId?: string;
}

/** Audit rows, newest first: when (dd.mm.yyyy HH:MM, local time), who, what, on what, outcome. */
export function AuditTable({ rows, actorName, subject, testId }: AuditTableProps) {
  const { t, i18n } = useTranslation();
  const fieldLabel = useFieldLabel();
  const language = i18n.language === 'ru' ? 'ru' : 'kk';
  /** A translated name; a code from a newer core without one yet shows as it is. */
  const label = (group: string, key: string, fallback: string) =>
    i18n.exists(`${group}.${key}`) ? t(`${group}.${key}`) : fallback;
  return (
    <Table striped fz="sm" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.at')}</Table.Th>
          <Table.Th>{t('audit.actor')}</Table.Th>
          <Table.Th>{t('audit.action')}</Table.Th>
          <Table.Th>{t('audit.entity')}</Table.Th>
          {subject && <Table.Th>{t('audit.subject')}</Table.Th>}
          <Table.Th>{t('audit.outcome')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows?.map((row) => (
          <Table.Tr key={row.seq}>
            <Table.Td>{formatDateTime(row.at)}</Table.Td>
            <Table.Td>{actorName(row.actorId)}</Table.Td>
            <Table.Td>
              {label('actions', row.action.replace('.', '_'), row.action)}
              {!!row.fields?.length &&
                (isReportAction(row.action) ? (
                  // A reports export's counts, format and columns, in words.
                  <Text size="xs" c="dimmed" data-testid="audit-fields">
                    {t('audit.details', {
                      details: row.fields
                        .map((detail) => auditDetailText(detail, language) ?? detail)
                        .join(', '),
                    })}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed" data-testid="audit-fields">
                    {t('audit.fields', {
                      fields: row.fields.map((field) => fieldLabel(row.entity, field)).join(', '),
                    })}
                  </Text>
                ))}
            </Table.Td>
            <Table.Td>{label('entities', row.entity, row.entity)}</Table.Td>
            {subject && <Table.Td>{subject(row)}</Table.Td>}
            <Table.Td>{t(`audit.${row.outcome}`)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
