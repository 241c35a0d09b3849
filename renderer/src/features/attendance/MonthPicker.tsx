import { useTranslation } from 'react-i18next';
import { Group, NativeSelect } from '@mantine/core';
import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';
import { languageOf } from './marks';

/** A month as 'YYYY-MM', picked by its name and year (any locale shows the same words). */
export function MonthPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (month: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [year, month] = value.split('-').map(Number) as [number, number];
  const now = new Date().getFullYear();
  const years = Array.from({ length: 8 }, (_, i) => now + 1 - i);
  if (!years.includes(year)) years.push(year);
  const names = MONTH_NAMES[languageOf(i18n.language)];
  const set = (y: number, m: number) => onChange(`${y}-${String(m).padStart(2, '0')}`);
  return (
    <Group gap="xs" align="end">
      <NativeSelect
        label={t('attendance.month')}
        value={String(month)}
        onChange={(event) => set(year, Number(event.currentTarget.value))}
        data={names.map((name, index) => ({ value: String(index + 1), label: name }))}
        data-testid="month-name"
      />
      <NativeSelect
        label={t('attendance.year')}
        value={String(year)}
        onChange={(event) => set(Number(event.currentTarget.value), month)}
        data={years.map(String)}
        data-testid="month-year"
      />
    </Group>
  );
}
