import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { call } from '../../lib/api';
import { fullName } from '../../lib/names';

/** A child of the kindergarten, found by typing part of the name or the IIN. */
export function FormChildSelect<Values extends FieldValues>({
  control,
  name,
  label,
  error,
  disabled,
}: {
  control: Control<Values>;
  name: FieldPath<Values>;
  label: string;
  error?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const enrolled = useQuery({
    queryKey: ['children', 'enrolled'],
    queryFn: () => call('children.list', { status: 'enrolled', limit: 500 }),
  });
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select
          label={label}
          placeholder={t('fees.childPlaceholder')}
          searchable
          clearable
          disabled={disabled}
          withAsterisk
          error={error}
          nothingFoundMessage={t('fees.nothingFound')}
          value={(field.value as string | undefined) || null}
          onChange={(value) => field.onChange(value ?? '')}
          onBlur={field.onBlur}
          ref={field.ref}
          data={(enrolled.data?.rows ?? []).map((child) => ({
            value: child.id,
            label: `${fullName(child)} · ${child.iin}`,
          }))}
        />
      )}
    />
  );
}
