import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextInput, type TextInputProps } from '@mantine/core';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/** dd.mm.yyyy → yyyy-mm-dd when it is a real calendar date, else null. */
export function isoFromDisplay(text: string): string | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

const displayFromIso = (iso: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split('-').reverse().join('.') : iso;

/**
 * What is wrong with a required DateField's value, as a translation key, or null when it is a
 * real date: for forms that check before the round trip instead of waiting for the core.
 */
export function dateFieldError(value: string): 'validation.required' | 'validation.date' | null {
  if (!value.trim()) return 'validation.required';
  return isoFromDisplay(displayFromIso(value)) === value ? null : 'validation.date';
}

/** Digits typed or pasted get their dots: 14032021 → 14.03.2021. */
function withDots(typed: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(typed.trim())) return displayFromIso(typed.trim());
  if (!/^[\d.]*$/.test(typed)) return typed;
  const digits = typed.replace(/\./g, '').slice(0, 8);
  return [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join('.');
}

interface Props extends Omit<TextInputProps, 'value' | 'onChange' | 'type'> {
  /** yyyy-mm-dd, '' for none, or what was typed when it is not a date (the core refuses it). */
  value: string;
  onChange: (value: string) => void;
  ref?: React.Ref<HTMLInputElement>;
}

/**
 * A date always read and typed as dd.mm.yyyy, whatever the system's locale (a native date
 * input follows the browser's). It hands ISO dates on; text that is not a date is handed on
 * as typed, so the core's refusal shows on the field and nothing typed is lost.
 */
export function DateField({ value, onChange, ...props }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(displayFromIso(value));
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // Set from outside (a reset or a saved record): show the new value.
    setShown(value);
    setText(displayFromIso(value));
  }
  return (
    <TextInput
      {...props}
      inputMode="numeric"
      maxLength={10}
      placeholder={t('app.datePlaceholder')}
      value={text}
      onChange={(event) => {
        const next = withDots(event.currentTarget.value);
        const out = next ? (isoFromDisplay(next) ?? next) : '';
        setText(next);
        setShown(out);
        onChange(out);
      }}
    />
  );
}

/** DateField as a field of a react-hook-form form. */
export function FormDateField<Values extends FieldValues>({
  control,
  name,
  ...props
}: Omit<Props, 'value' | 'onChange' | 'ref'> & {
  control: Control<Values>;
  name: FieldPath<Values>;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <DateField
          {...props}
          value={String(field.value ?? '')}
          onChange={field.onChange}
          onBlur={field.onBlur}
          ref={field.ref}
        />
      )}
    />
  );
}
