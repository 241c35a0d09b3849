import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { saveFile } from '../../lib/files';
import type { MethodOutput } from '../../../../electron/core/api';

type StatsExport = MethodOutput<'reports.statsExport'>;
type Format = 'csv' | 'xlsx';

const MIME: Record<Format, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The anonymised statistics export (issue 15 item 2): CSV or .xlsx from the core, offered as
 * a download; then what the file suppressed and why, cell by cell (the director may see the
 * true counts anyway: the file itself says only how many per table).
 */
export function StatsTab() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'ru' ? 'ru' : 'kk';
  const errorText = useErrorText();
  const [busy, setBusy] = useState<Format | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<StatsExport | null>(null);
  const save = async (format: Format) => {
    setFailure(null);
    setBusy(format);
    try {
      const file = await call('reports.statsExport', { format });
      saveFile(file.base64, file.fileName, MIME[format]);
      setDone(file);
      notifications.show({
        color: 'green',
        message: t('reportsStats.saved', { file: file.fileName }),
      });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  const tableNames = new Map(done?.summary.map((line) => [line.table, line.name[language]]));
  return (
    <Stack data-testid="reports-stats" maw={900}>
      <Text fw={600}>{t('reportsStats.title')}</Text>
      <Text size="sm">{t('reportsStats.intro')}</Text>
      <Group>
        <Button onClick={() => void save('csv')} loading={busy === 'csv'} disabled={!!busy}>
          {t('reportsStats.csv')}
        </Button>
        <Button
          variant="default"
          onClick={() => void save('xlsx')}
          loading={busy === 'xlsx'}
          disabled={!!busy}
        >
          {t('reportsStats.xlsx')}
        </Button>
      </Group>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {done && (
        <Card withBorder data-testid="reports-suppressed" aria-live="polite">
          <Text size="sm" c="dimmed" mb="xs">
            {t('reportsStats.afterSave', { file: done.fileName })}
          </Text>
          <Text fw={600} mb="xs">
            {done.suppressed.length
              ? t('reportsStats.suppressedTitle', { count: done.suppressed.length })
              : t('reportsStats.noneSuppressed')}
          </Text>
          {done.suppressed.length > 0 && (
            <ScrollArea.Autosize mah={360} type="auto">
              <Table verticalSpacing={2} fz="sm" stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reportsStats.table')}</Table.Th>
                    <Table.Th>{t('reportsStats.category')}</Table.Th>
                    <Table.Th>{t('reportsStats.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {done.suppressed.map((cell) => (
                    <Table.Tr key={`${cell.table} ${JSON.stringify(cell.key)}`}>
                      <Table.Td>{tableNames.get(cell.table) ?? cell.table}</Table.Td>
                      <Table.Td>
                        {cell.dimension[language]}: {cell.category[language]}
                      </Table.Td>
                      <Table.Td>
                        <Text span size="sm" c={cell.reason === 'primary' ? 'orange.8' : 'dimmed'}>
                          {t(`reportsStats.reasons.${cell.reason}`)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
        </Card>
      )}
    </Stack>
  );
}
