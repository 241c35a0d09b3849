import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { NativeSelect } from '@mantine/core';
import { call } from '../../lib/api';

/** The groups the register and the timesheet offer (a teacher's core refuses another group). */
export function useAttendanceGroups() {
  return useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
}

export function GroupSelect({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange: (groupId: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const groups = useAttendanceGroups();
  return (
    <NativeSelect
      label={t('attendance.group')}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: '', label: t('attendance.chooseGroup') },
        ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
      ]}
      data-testid="attendance-group"
    />
  );
}
