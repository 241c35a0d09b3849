import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { requiredText } from '../../lib/validation';
import { refusedFields } from './coreFieldErrors';
import { DateField, FormDateField } from '../../components/DateField';
import { fullName, optional } from './files';
import { formatDate, today } from '../../lib/dates';
import type { MethodOutput } from '../../../../electron/core/api';

type ChildFile = MethodOutput<'children.get'>;
type Representative = ChildFile['representatives'][number];
const RELATIONS = ['mother', 'father', 'guardian', 'trustee', 'other'] as const;
const ID_TYPES = ['id_card', 'passport', 'residence_permit', 'other'] as const;
/** The version of the personal-data rules a consent is given under. */
const RULES_VERSION = '2024-1';

const RepValues = z.object({
  iin: z
    .string()
    .trim()
    .regex(/^\d{12}$/, 'child.invalid.iin'),
  lastName: requiredText,
  firstName: requiredText,
  patronymic: z.string(),
  idDocumentType: z.enum(ID_TYPES),
  idDocumentNumber: z.string().trim().min(3, 'child.invalid.idDocumentNumber'),
  idDocumentIssuedOn: z.string(),
  idDocumentIssuer: z.string(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'child.invalid.phone'),
  phoneExtra: z
    .string()
    .trim()
    .regex(/^(\+?[0-9 ()-]{7,20})?$/, 'child.invalid.phone'),
  email: z.union([z.literal(''), z.string().trim().email('child.invalid.email')]),
  workplace: z.string(),
  position: z.string(),
  address: z.string(),
  relation: z.enum(RELATIONS),
  authorityDocument: z.string(),
  isPrimary: z.boolean(),
});
type RepValues = z.infer<typeof RepValues>;
type RepField = keyof RepValues;
const TEXT_FIELDS = [
  'iin',
  'lastName',
  'firstName',
  'patronymic',
  'idDocumentNumber',
  'idDocumentIssuedOn',
  'idDocumentIssuer',
  'phone',
  'phoneExtra',
  'email',
  'workplace',
  'position',
  'address',
  'authorityDocument',
] as const satisfies readonly RepField[];
const ALL_FIELDS: readonly string[] = [...TEXT_FIELDS, 'idDocumentType', 'relation'];

const EMPTY: RepValues = {
  iin: '',
  lastName: '',
  firstName: '',
  patronymic: '',
  idDocumentType: 'id_card',
  idDocumentNumber: '',
  idDocumentIssuedOn: '',
  idDocumentIssuer: '',
  phone: '',
  phoneExtra: '',
  email: '',
  workplace: '',
  position: '',
  address: '',
  relation: 'mother',
  authorityDocument: '',
  isPrimary: false,
};

/** Adds a representative (or updates one known by IIN) and links them to the child. */
/** The form's values for a representative already linked (to change), or for a new one. */
function valuesOf(rep: Representative | undefined, first: boolean): RepValues {
  if (!rep) return { ...EMPTY, isPrimary: first };
  const text = (value: string | null) => value ?? '';
  return {
    iin: rep.iin,
    lastName: rep.lastName,
    firstName: rep.firstName,
    patronymic: text(rep.patronymic),
    idDocumentType: rep.idDocumentType ?? 'id_card',
    idDocumentNumber: text(rep.idDocumentNumber),
    idDocumentIssuedOn: text(rep.idDocumentIssuedOn),
    idDocumentIssuer: text(rep.idDocumentIssuer),
    phone: rep.phone,
    phoneExtra: text(rep.phoneExtra),
    email: text(rep.email),
    workplace: text(rep.workplace),
    position: text(rep.position),
    address: text(rep.address),
    relation: rep.relation,
    authorityDocument: text(rep.authorityDocument),
    isPrimary: rep.isPrimary,
  };
}

/** Adds a representative or changes one; the core keys representatives by IIN. */
function RepresentativeForm({
  childId,
  rep,
  first,
  onDone,
}: {
  childId: string;
  rep?: Representative;
  first: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<RepValues>({
    resolver: zodResolver(RepValues),
    defaultValues: valuesOf(rep, first),
  });
  const message = (field: RepField) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key, { defaultValue: t('errors.invalidInput') }) : undefined;
  };
  const submit = form.handleSubmit(async ({ relation, authorityDocument, isPrimary, ...rep }) => {
    setFailure(null);
    try {
      await call('representatives.link', {
        childId,
        representative: {
          ...rep,
          patronymic: optional(rep.patronymic),
          idDocumentIssuedOn: optional(rep.idDocumentIssuedOn),
          idDocumentIssuer: optional(rep.idDocumentIssuer),
          phoneExtra: optional(rep.phoneExtra),
          email: optional(rep.email),
          workplace: optional(rep.workplace),
          position: optional(rep.position),
          address: optional(rep.address),
        },
        relation,
        authorityDocument: optional(authorityDocument),
        isPrimary,
      });
      onDone();
    } catch (error) {
      for (const { field, message: key } of refusedFields(error, 'representative.'))
        if (ALL_FIELDS.includes(field)) form.setError(field as RepField, { message: key });
      setFailure(errorText(error));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={2}>
          <NativeSelect
            label={t('child.rep.relation')}
            data={RELATIONS.map((value) => ({ value, label: t(`child.relations.${value}`) }))}
            {...form.register('relation')}
          />
          <NativeSelect
            label={t('child.rep.idDocumentType')}
            data={ID_TYPES.map((value) => ({ value, label: t(`child.idTypes.${value}`) }))}
            {...form.register('idDocumentType')}
          />
          {TEXT_FIELDS.map((name) =>
            name === 'idDocumentIssuedOn' ? (
              <FormDateField
                key={name}
                control={form.control}
                name={name}
                label={t(`child.rep.${name}`)}
                error={message(name)}
              />
            ) : (
              <TextInput
                key={name}
                label={t(`child.rep.${name}`)}
                type={name === 'email' ? 'email' : 'text'}
                readOnly={name === 'iin' && !!rep}
                withAsterisk={[
                  'iin',
                  'lastName',
                  'firstName',
                  'idDocumentNumber',
                  'phone',
                ].includes(name)}
                {...form.register(name)}
                error={message(name)}
              />
            ),
          )}
        </SimpleGrid>
        <Checkbox label={t('child.rep.isPrimary')} {...form.register('isPrimary')} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.formState.isSubmitting}>
            {t('child.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A privilege (queue category) with its proof document number and validity. */
function PrivilegeForm({ childId, onDone }: { childId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const categories = useQuery({
    queryKey: ['privilegeCategories'],
    queryFn: () => call('privileges.categories', undefined),
  });
  const [value, setValue] = useState({
    categoryCode: '',
    documentNumber: '',
    validFrom: '',
    validUntil: '',
  });
  const [failure, setFailure] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const set =
    (field: keyof typeof value) =>
    (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setValue({ ...value, [field]: event.currentTarget.value });
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setInvalid({});
    try {
      await call('privileges.add', {
        childId,
        categoryCode: value.categoryCode,
        documentNumber: optional(value.documentNumber),
        validFrom: optional(value.validFrom),
        validUntil: optional(value.validUntil),
      });
      onDone();
    } catch (error) {
      setInvalid(Object.fromEntries(refusedFields(error).map((f) => [f.field, f.message])));
      setFailure(errorText(error));
    }
  };
  const fieldError = (field: string) =>
    invalid[field] ? t(invalid[field], { defaultValue: t('errors.invalidInput') }) : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <NativeSelect
          label={t('child.privilege.category')}
          value={value.categoryCode}
          onChange={set('categoryCode')}
          error={fieldError('categoryCode')}
          data={[
            { value: '', label: '—' },
            ...(categories.data ?? []).map((c) => ({
              value: c.code,
              label: i18n.language === 'ru' ? c.nameRu : c.nameKk,
            })),
          ]}
        />
        <TextInput
          label={t('child.privilege.document')}
          value={value.documentNumber}
          onChange={set('documentNumber')}
          error={fieldError('documentNumber')}
        />
        <Group grow>
          <DateField
            label={t('child.privilege.validFrom')}
            value={value.validFrom}
            onChange={(validFrom) => setValue({ ...value, validFrom })}
            error={fieldError('validFrom')}
          />
          <DateField
            label={t('child.privilege.validUntil')}
            value={value.validUntil}
            onChange={(validUntil) => setValue({ ...value, validUntil })}
            error={fieldError('validUntil')}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t('child.privilege.proofHint')}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" disabled={!value.categoryCode}>
            {t('child.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RepresentativesTab({ file, canEdit }: { file: ChildFile; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  /** The representative being changed, 'new' for one being added. */
  const [editing, setEditing] = useState<Representative | 'new' | null>(null);
  const [addingPrivilege, setAddingPrivilege] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const childId = file.child.id;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['child', childId] }),
      queryClient.invalidateQueries({ queryKey: ['history', childId] }),
    ]);
  const saved = () => {
    notifications.show({ message: t('child.saved'), color: 'green' });
    return refresh();
  };
  const recordConsent = async (representativeId: string) => {
    setFailure(null);
    try {
      await call('consents.record', {
        childId,
        representativeId,
        rulesVersion: RULES_VERSION,
        givenOn: today(),
      });
      await saved();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  const line = (label: string, value: string | null | undefined) =>
    value ? (
      <Text size="sm">
        <Text span c="dimmed" size="sm">
          {label}:
        </Text>{' '}
        {value}
      </Text>
    ) : null;

  return (
    <Stack>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {file.representatives.length === 0 && <Text c="dimmed">{t('child.rep.none')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {file.representatives.map((rep) => {
          const consent = file.consents.find((c) => c.representativeId === rep.id);
          return (
            <Card key={rep.id} withBorder data-testid="representative">
              <Stack gap={4}>
                <Group justify="space-between">
                  <Text fw={600}>{fullName(rep)}</Text>
                  <Group gap="xs">
                    <Badge variant="light">{t(`child.relations.${rep.relation}`)}</Badge>
                    {rep.isPrimary && <Badge>{t('child.rep.primary')}</Badge>}
                  </Group>
                </Group>
                {line(t('child.rep.iin'), rep.iin)}
                {line(
                  t('child.rep.idDocumentNumber'),
                  rep.idDocumentNumber &&
                    [
                      rep.idDocumentType && t(`child.idTypes.${rep.idDocumentType}`),
                      rep.idDocumentNumber,
                      rep.idDocumentIssuedOn && formatDate(rep.idDocumentIssuedOn),
                      rep.idDocumentIssuer,
                    ]
                      .filter(Boolean)
                      .join(', '),
                )}
                {line(t('child.rep.authorityDocument'), rep.authorityDocument)}
                {line(t('child.rep.phone'), [rep.phone, rep.phoneExtra].filter(Boolean).join(', '))}
                {line(t('child.rep.email'), rep.email)}
                {line(
                  t('child.rep.workplace'),
                  [rep.workplace, rep.position].filter(Boolean).join(', '),
                )}
                {line(t('child.rep.address'), rep.address)}
                <Group justify="space-between" mt="xs">
                  {consent ? (
                    <Badge color="green" variant="light">
                      {t('child.consent.given', {
                        date: formatDate(consent.givenOn),
                        version: consent.rulesVersion,
                      })}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="light">
                      {t('child.consent.missing')}
                    </Badge>
                  )}
                  <Group gap="xs">
                    {canEdit && !consent && (
                      <Button size="xs" variant="light" onClick={() => void recordConsent(rep.id)}>
                        {t('child.consent.record')}
                      </Button>
                    )}
                    {canEdit && (
                      <Button size="xs" variant="default" onClick={() => setEditing(rep)}>
                        {t('child.rep.edit')}
                      </Button>
                    )}
                  </Group>
                </Group>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      {canEdit && (
        <Group>
          <Button variant="light" onClick={() => setEditing('new')}>
            {t('child.rep.add')}
          </Button>
        </Group>
      )}

      <Title order={4}>{t('child.privilege.title')}</Title>
      {file.privileges.length === 0 ? (
        <Text c="dimmed">{t('child.privilege.none')}</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('child.privilege.category')}</Table.Th>
              <Table.Th>{t('child.privilege.document')}</Table.Th>
              <Table.Th>{t('child.privilege.validity')}</Table.Th>
              <Table.Th>{t('child.privilege.confirmation')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {file.privileges.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{i18n.language === 'ru' ? p.nameRu : p.nameKk}</Table.Td>
                <Table.Td>{p.documentNumber ?? '—'}</Table.Td>
                <Table.Td>
                  {formatDate(p.validFrom)} – {formatDate(p.validUntil)}
                </Table.Td>
                <Table.Td>{t(`child.privilege.confirmations.${p.confirmation}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit && (
        <Group>
          <Button variant="light" onClick={() => setAddingPrivilege(true)}>
            {t('child.privilege.add')}
          </Button>
        </Group>
      )}

      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('child.rep.add') : t('child.rep.edit')}
        size="xl"
      >
        {editing && (
          <RepresentativeForm
            childId={childId}
            rep={editing === 'new' ? undefined : editing}
            first={file.representatives.length === 0}
            onDone={() => {
              setEditing(null);
              void saved();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={addingPrivilege}
        onClose={() => setAddingPrivilege(false)}
        title={t('child.privilege.add')}
      >
        <PrivilegeForm
          childId={childId}
          onDone={() => {
            setAddingPrivilege(false);
            void saved();
          }}
        />
      </Modal>
    </Stack>
  );
}
