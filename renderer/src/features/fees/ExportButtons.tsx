import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { saveFile } from '../../lib/files';
import { useErrorText } from '../../lib/errors';
import { UI_LANGUAGES, type UiLanguage } from '../../../../electron/core/vocabulary/enums';

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Saves the month's fee sheet or debtors list as a PDF or an .xlsx workbook, in Kazakh or
 * Russian (the interface's language first): made in memory by the core, offered as a download
 * (the browser or the desktop's save dialog asks where), named by the month, never a person.
 */
export function ExportButtons({
  month,
  kind,
  groupId,
  disabled,
}: {
  month: string;
  kind: 'sheet' | 'debtors';
  groupId?: string;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [language, setLanguage] = useState<UiLanguage>(i18n.language === 'ru' ? 'ru' : 'kk');
  const [busy, setBusy] = useState<'pdf' | 'xlsx' | null>(null);
  const save = async (format: 'pdf' | 'xlsx') => {
    setBusy(format);
    try {
      const file = await call('fees.export', {
        month,
        kind,
        format,
        language,
        ...(groupId && { groupId }),
      });
      saveFile(file.base64, file.fileName, MIME[format]);
      notifications.show({ color: 'teal', message: t('fees.export.saved') });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs" align="center" data-testid={`fees-export-${kind}`}>
      <SegmentedControl
        size="xs"
        aria-label={t('fees.export.language')}
        value={language}
        onChange={(value) => setLanguage(value as UiLanguage)}
        data={UI_LANGUAGES.map((value) => ({ value, label: t(`fees.export.${value}`) }))}
      />
      <Button
        variant="default"
        size="xs"
        disabled={disabled}
        loading={busy === 'pdf'}
        onClick={() => void save('pdf')}
      >
        {t('fees.export.pdf')}
      </Button>
      <Button
        variant="default"
        size="xs"
        disabled={disabled}
        loading={busy === 'xlsx'}
        onClick={() => void save('xlsx')}
      >
        {t('fees.export.xlsx')}
      </Button>
    </Group>
  );
}
