import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { refusedFields } from '../../lib/coreFieldErrors';
import { FormDateField } from '../../components/DateField';
import { optional } from './files';
import { ChildValues, factsFromIin, valuesOf, type Child, type FormValues } from './childValues';
import { NEW_CHILD_STATUSES, SEXES } from '../../../../electron/core/vocabulary/enums';
import { IIN_LENGTH } from '../../../../electron/core/vocabulary/field-rules';

type Field = keyof ChildValues;
const TEXT_FIELDS = [
  'iin',
  'birthDate',
  'lastName',
  'firstName',
  'patronymic',
  'citizenship',
  'birthCertificateNumber',
  'birthCertificateDate',
  'birthCertificateIssuer',
  'referralNumber',
  'registeredAddress',
  'actualAddress',
] as const satisfies readonly Field[];
const DATE_FIELDS: readonly Field[] = ['birthDate', 'birthCertificateDate'];
const REQUIRED: readonly Field[] = ['iin', 'birthDate', 'lastName', 'firstName', 'citizenship'];
const ALL_FIELDS: readonly string[] = [...TEXT_FIELDS, 'sex', 'groupId', 'status'];

interface Props {
  /** The child to edit; without one the form enrols a new child. */
  child?: Child;
  readOnly?: boolean;
  onSaved: (childId: string) => void;
}

/**
 * Enrols a child or edits one. The core checks the IIN and that it agrees with the birth date
 * and sex; its verdict shows on the field, and what was typed stays for correcting.
 */
export function ChildForm({ child, readOnly = false, onSaved }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<FormValues, unknown, ChildValues>({
    resolver: zodResolver(ChildValues),
    defaultValues: valuesOf(child),
  });
  // A valid IIN typed (or pasted) fills the birth date and sex it encodes.
  const fillFromIin = (event: React.ChangeEvent<HTMLInputElement>) => {
    const facts = factsFromIin(event.target.value);
    if (!facts) return;
    form.setValue('birthDate', facts.birthDate, { shouldDirty: true });
    form.setValue('sex', facts.sex, { shouldDirty: true });
    form.clearErrors(['birthDate', 'sex']);
  };
  const fromIin = factsFromIin(useWatch({ control: form.control, name: 'iin' })) !== null;
  const { errors } = form.formState;
  const message = (field: Field) => {
    const key = errors[field]?.message;
    return key ? t(key, { defaultValue: t('errors.invalidInput') }) : undefined;
  };

  const submit = form.handleSubmit(async ({ status, ...values }) => {
    setFailure(null);
    const fields = {
      ...values,
      iin: values.iin.trim(),
      patronymic: optional(values.patronymic),
      birthCertificateNumber: optional(values.birthCertificateNumber),
      birthCertificateDate: optional(values.birthCertificateDate),
      birthCertificateIssuer: optional(values.birthCertificateIssuer),
      registeredAddress: optional(values.registeredAddress),
      actualAddress: optional(values.actualAddress),
      referralNumber: optional(values.referralNumber),
      groupId: values.groupId || null,
    };
    try {
      if (child) {
        await call('children.update', { childId: child.id, changes: fields });
        onSaved(child.id);
      } else {
        onSaved((await call('children.create', { ...fields, status })).id);
      }
    } catch (error) {
      const refused = refusedFields(error, child ? 'changes.' : '').filter(({ field }) =>
        ALL_FIELDS.includes(field),
      );
      for (const { field, message: key } of refused)
        form.setError(field as Field, { message: key }, { shouldFocus: true });
      setFailure(errorText(error));
    }
  });

  // The group select needs its options before the form sets the child's group on it.
  if (groups.isLoading) return <Loader />;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {TEXT_FIELDS.map((name) =>
              DATE_FIELDS.includes(name) ? (
                <FormDateField
                  key={name}
                  control={form.control}
                  name={name}
                  label={t(`child.fields.${name}`)}
                  withAsterisk={!readOnly && REQUIRED.includes(name)}
                  description={
                    name === 'birthDate' && fromIin && !readOnly ? t('child.fromIin') : undefined
                  }
                  error={message(name)}
                />
              ) : (
                <TextInput
                  key={name}
                  label={t(`child.fields.${name}`)}
                  inputMode={name === 'iin' ? 'numeric' : undefined}
                  maxLength={name === 'iin' ? IIN_LENGTH : undefined}
                  withAsterisk={!readOnly && REQUIRED.includes(name)}
                  {...form.register(name, name === 'iin' ? { onChange: fillFromIin } : {})}
                  error={message(name)}
                />
              ),
            )}
            <NativeSelect
              label={t('child.fields.sex')}
              withAsterisk={!readOnly}
              description={fromIin && !readOnly ? t('child.fromIin') : undefined}
              data={[
                { value: '', label: t('child.sex.choose'), disabled: true },
                ...SEXES.map((value) => ({ value, label: t(`child.sex.${value}`) })),
              ]}
              {...form.register('sex')}
              error={message('sex')}
            />
            <NativeSelect
              label={t('child.fields.groupId')}
              data={[
                { value: '', label: t('child.noGroup') },
                ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
              ]}
              {...form.register('groupId')}
              error={message('groupId')}
            />
            {!child && (
              <NativeSelect
                label={t('child.fields.status')}
                data={NEW_CHILD_STATUSES.map((value) => ({
                  value,
                  label: t(`children.statuses.${value}`),
                }))}
                {...form.register('status')}
              />
            )}
          </SimpleGrid>
        </fieldset>
        {!readOnly && (
          <Group justify="flex-end">
            <Button type="submit" loading={form.formState.isSubmitting}>
              {child ? t('child.save') : t('child.enrol')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
