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
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { requiredText } from '../../lib/validation';
import { refusedFields } from '../../lib/coreFieldErrors';
import { DateField, FormDateField } from '../../components/DateField';
import { optional } from './files';
import { formatDate, formatDateWords, today } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { ConfirmChanges } from '../../components/ConfirmChanges';
import { RemoveRecordDialog } from './RemoveRecordDialog';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import { ConsentFormButton } from './ChildForms';
import { ID_DOCUMENT_TYPES, RELATIONS } from '../../../../electron/core/vocabulary/enums';
import {
  PHONE,
  TEXT_LENGTHS,
  TWELVE_DIGITS,
} from '../../../../electron/core/vocabulary/field-rules';

type ChildFile = MethodOutput<'children.get'>;
type Representative = ChildFile['representatives'][number];
type Consent = ChildFile['consents'][number];
type StoredPerson = NonNullable<MethodOutput<'representatives.findByIin'>>;
type LinkChanges = NonNullable<
  NonNullable<MethodInput<'representatives.link'>['existing']>['changes']
>;
/** The version of the personal-data rules a consent is given under. */
const RULES_VERSION = '2024-1';

/** A rules version in words ("2024-1": the rules of 2024, edition 1), not the stored code. */
function useConsentWords() {
  const { t, i18n } = useTranslation();
  const version = (code: string) => {
    const match = /^(\d{4})-(\d+)$/.exec(code);
    return match
      ? t('child.consent.version', { year: match[1], edition: Number(match[2]) })
      : t('child.consent.versionOther', { version: code });
  };
  const date = (iso: string) => formatDateWords(iso, i18n.language);
  return {
    version,
    date,
    given: (consent: Pick<Consent, 'givenOn' | 'rulesVersion'>) =>
      t('child.consent.givenWords', {
        date: date(consent.givenOn),
        version: version(consent.rulesVersion),
      }),
  };
}

const RepValues = z.object({
  iin: z.string().trim().regex(TWELVE_DIGITS, 'child.invalid.iin'),
  lastName: requiredText,
  firstName: requiredText,
  patronymic: z.string(),
  idDocumentType: z.enum(ID_DOCUMENT_TYPES),
  idDocumentNumber: z
    .string()
    .trim()
    .min(TEXT_LENGTHS.idDocumentNumber.min, 'child.invalid.idDocumentNumber'),
  idDocumentIssuedOn: z.string(),
  idDocumentIssuer: z.string(),
  phone: z.string().trim().regex(PHONE, 'child.invalid.phone'),
  phoneExtra: z
    .string()
    .trim()
    .refine((value) => value === '' || PHONE.test(value), 'child.invalid.phone'),
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
/** The person's own fields (the IIN is their key; relation and authority belong to the link). */
const PERSON_FIELDS = [
  'lastName',
  'firstName',
  'patronymic',
  'idDocumentType',
  'idDocumentNumber',
  'idDocumentIssuedOn',
  'idDocumentIssuer',
  'phone',
  'phoneExtra',
  'email',
  'workplace',
  'position',
  'address',
] as const satisfies readonly RepField[];
type PersonField = (typeof PERSON_FIELDS)[number];
const NAME_FIELDS: readonly PersonField[] = ['lastName', 'firstName', 'patronymic'];
const ID_DOCUMENT_FIELDS: readonly PersonField[] = [
  'idDocumentType',
  'idDocumentNumber',
  'idDocumentIssuedOn',
  'idDocumentIssuer',
];
type PersonChanges = Partial<Record<PersonField, string | null>>;

/** A person field's value as the core stores it: trimmed, empty is "not given". */
const personValue = (values: Pick<RepValues, PersonField>, field: PersonField) =>
  optional(values[field]);

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

/**
 * Adds a representative or changes one. An IIN already stored is the same person: the core
 * refuses to add them again, and the form shows them beside what was typed (ExistingPerson).
 */
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
  /** The stored person with the IIN typed, when it is already in the store. */
  const [match, setMatch] = useState<{ stored: StoredPerson; entered: RepValues } | null>(null);
  const refused = (error: unknown) => {
    for (const { field, message: key } of refusedFields(error, 'representative.'))
      if (ALL_FIELDS.includes(field)) form.setError(field as RepField, { message: key });
    setFailure(errorText(error));
  };
  /** Links the person already stored, changing only `changes` (which the user confirmed). */
  const linkExisting = async (
    id: string,
    { relation, authorityDocument, isPrimary }: RepValues,
    changes: PersonChanges,
  ) => {
    const changed = Object.keys(changes).length > 0;
    await call('representatives.link', {
      childId,
      existing: changed ? { id, changes: changes as LinkChanges, confirmed: true } : { id },
      relation,
      authorityDocument: optional(authorityDocument),
      isPrimary,
    });
  };
  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    const { relation, authorityDocument, isPrimary, ...person } = values;
    try {
      if (rep) {
        // Changing a representative in their own form: only the fields edited here are sent.
        const before = valuesOf(rep, first);
        const changes: PersonChanges = {};
        for (const field of PERSON_FIELDS)
          if (personValue(values, field) !== personValue(before, field))
            changes[field] = personValue(values, field);
        await linkExisting(rep.id, values, changes);
        onDone();
        return;
      }
      await call('representatives.link', {
        childId,
        representative: {
          ...person,
          patronymic: optional(person.patronymic),
          idDocumentIssuedOn: optional(person.idDocumentIssuedOn),
          idDocumentIssuer: optional(person.idDocumentIssuer),
          phoneExtra: optional(person.phoneExtra),
          email: optional(person.email),
          workplace: optional(person.workplace),
          position: optional(person.position),
          address: optional(person.address),
        },
        relation,
        authorityDocument: optional(authorityDocument),
        isPrimary,
      });
      onDone();
    } catch (error) {
      if (error instanceof CoreError && error.code === 'representativeExists') {
        try {
          const stored = await call('representatives.findByIin', { iin: person.iin.trim() });
          if (stored) {
            setMatch({ stored, entered: values });
            return;
          }
        } catch (lookupError) {
          refused(lookupError);
          return;
        }
      }
      refused(error);
    }
  });
  if (match) {
    return (
      <ExistingPerson
        stored={match.stored}
        entered={match.entered}
        onBack={() => setMatch(null)}
        onLink={async (changes) => {
          await linkExisting(match.stored.id, match.entered, changes);
          onDone();
        }}
      />
    );
  }
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
            data={ID_DOCUMENT_TYPES.map((value) => ({ value, label: t(`child.idTypes.${value}`) }))}
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

/**
 * The IIN typed belongs to a person already stored: the same IIN is the same person. Shows
 * what is stored beside what was typed; the person is linked as stored, and a field changes
 * only when it is ticked and the change confirmed. A different name is a warning to resolve.
 */
function ExistingPerson({
  stored,
  entered,
  onBack,
  onLink,
}: {
  stored: StoredPerson;
  entered: RepValues;
  onBack: () => void;
  onLink: (changes: PersonChanges) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [ticked, setTicked] = useState<ReadonlySet<PersonField>>(new Set());
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** Identity-document details this role may not see are not compared (nor changed). */
  const hidden = (field: PersonField) =>
    ID_DOCUMENT_FIELDS.includes(field) && stored.idDocumentNumber === null;
  const storedValue = (field: PersonField) => stored[field] ?? null;
  const enteredValue = (field: PersonField) => personValue(entered, field);
  const differs = (field: PersonField) =>
    !hidden(field) && storedValue(field) !== enteredValue(field);
  const shown = (field: PersonField, value: string | null) => {
    if (value === null) return t('child.rep.existing.blank');
    if (field === 'idDocumentType') return t(`child.idTypes.${value}`);
    if (field === 'idDocumentIssuedOn') return formatDate(value);
    return value;
  };
  const nameDiffers = NAME_FIELDS.some(differs);
  const toggle = (field: PersonField) => {
    const next = new Set(ticked);
    if (next.has(field)) next.delete(field);
    else next.add(field);
    setTicked(next);
    setConfirmed(false);
  };
  const link = async (changes: PersonChanges) => {
    setFailure(null);
    setBusy(true);
    try {
      await onLink(changes);
    } catch (error) {
      setFailure(errorText(error));
      setBusy(false);
    }
  };
  const changes = Object.fromEntries(
    [...ticked].map((field) => [field, enteredValue(field)]),
  ) as PersonChanges;
  return (
    <Stack data-testid="existing-representative">
      <Title order={5}>{t('child.rep.existing.title')}</Title>
      <Alert color="blue">
        <Text size="sm">{t('child.rep.existing.intro')}</Text>
        {stored.linkedTo.length > 0 && (
          <Text size="sm" mt={4}>
            {t('child.rep.existing.linkedTo', {
              children: stored.linkedTo
                .map((c) => `${fullName(c)} (${t(`child.relations.${c.relation}`)})`)
                .join(', '),
            })}
          </Text>
        )}
      </Alert>
      {nameDiffers && (
        <Alert color="orange" role="alert" data-testid="name-differs">
          {t('child.rep.existing.nameDiffers', {
            stored: fullName(stored),
            entered: fullName({
              lastName: entered.lastName.trim(),
              firstName: entered.firstName.trim(),
              patronymic: optional(entered.patronymic),
            }),
          })}
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Table withTableBorder data-testid="existing-compare">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('child.rep.existing.field')}</Table.Th>
            <Table.Th>{t('child.rep.existing.stored')}</Table.Th>
            <Table.Th>{t('child.rep.existing.entered')}</Table.Th>
            <Table.Th>{t('child.rep.existing.replace')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {PERSON_FIELDS.map((field) => {
            const different = differs(field);
            return (
              <Table.Tr
                key={field}
                data-field={field}
                data-differs={different || undefined}
                bg={different ? 'var(--mantine-color-yellow-light)' : undefined}
              >
                <Table.Td>{t(`child.rep.${field}`)}</Table.Td>
                <Table.Td>
                  {hidden(field)
                    ? t('child.rep.existing.hidden')
                    : shown(field, storedValue(field))}
                </Table.Td>
                <Table.Td>{shown(field, enteredValue(field))}</Table.Td>
                <Table.Td>
                  {different && (
                    <Checkbox
                      aria-label={t('child.rep.existing.replaceField', {
                        field: t(`child.rep.${field}`),
                      })}
                      checked={ticked.has(field)}
                      onChange={() => toggle(field)}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {ticked.size > 0 && (
        <Checkbox
          label={t('child.rep.existing.confirm')}
          checked={confirmed}
          onChange={(event) => setConfirmed(event.currentTarget.checked)}
        />
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={busy}>
          {t('child.rep.existing.back')}
        </Button>
        <Group>
          <Button
            variant={ticked.size ? 'default' : 'filled'}
            loading={busy && !ticked.size}
            disabled={busy}
            onClick={() => void link({})}
          >
            {t('child.rep.existing.link')}
          </Button>
          {ticked.size > 0 && (
            <Button
              color="orange"
              disabled={!confirmed || busy}
              loading={busy}
              onClick={() => void link(changes)}
            >
              {t('child.rep.existing.linkAndChange', { number: ticked.size })}
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
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
  const queryClient = useQueryClient();
  /** The representative being changed, 'new' for one being added. */
  const [editing, setEditing] = useState<Representative | 'new' | null>(null);
  const [addingPrivilege, setAddingPrivilege] = useState(false);
  /** The representative being removed (entered by mistake); refused while they gave a consent. */
  const [removing, setRemoving] = useState<{ rep: Representative } | null>(null);
  /** Consent being recorded (with its date) or withdrawn, waiting for confirmation. */
  const [consenting, setConsenting] = useState<Representative | null>(null);
  const [givenOn, setGivenOn] = useState(today());
  const [withdrawing, setWithdrawing] = useState<{ rep: Representative; consent: Consent } | null>(
    null,
  );
  const consentWords = useConsentWords();
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
    await call('consents.record', {
      childId,
      representativeId,
      rulesVersion: RULES_VERSION,
      givenOn,
    });
    await saved();
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
      {file.representatives.length === 0 && <Text c="dimmed">{t('child.rep.none')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {file.representatives.map((rep) => {
          const theirs = file.consents.filter((c) => c.representativeId === rep.id);
          // The current consent (the latest not withdrawn); withdrawn ones are kept as history.
          const consent = theirs.findLast((c) => !c.withdrawnOn);
          const withdrawn = theirs.filter((c) => c.withdrawnOn);
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
                    <Badge
                      color="green"
                      variant="light"
                      tt="none"
                      fw={500}
                      size="lg"
                      // The whole sentence, wrapped: the version and date are what it is for.
                      styles={{
                        root: { height: 'auto', paddingBlock: 4 },
                        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' },
                      }}
                      data-testid="consent-badge"
                    >
                      {consentWords.given(consent)}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="light">
                      {t('child.consent.missing')}
                    </Badge>
                  )}
                  <Group gap="xs">
                    {canEdit && !consent && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => {
                          setGivenOn(today());
                          setConsenting(rep);
                        }}
                      >
                        {t('child.consent.record')}
                      </Button>
                    )}
                    {canEdit && <ConsentFormButton childId={childId} representativeId={rep.id} />}
                    {canEdit && consent && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="orange"
                        onClick={() => setWithdrawing({ rep, consent })}
                      >
                        {t('child.consent.withdraw')}
                      </Button>
                    )}
                    {canEdit && (
                      <Button size="xs" variant="default" onClick={() => setEditing(rep)}>
                        {t('child.rep.edit')}
                      </Button>
                    )}
                    {canEdit && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRemoving({ rep })}
                      >
                        {t('removal.removeRepresentative')}
                      </Button>
                    )}
                  </Group>
                </Group>
                {withdrawn.map((c) => (
                  <Text key={c.id} size="sm" c="dimmed" data-testid="consent-history">
                    {t('child.consent.history', {
                      given: formatDate(c.givenOn),
                      version: consentWords.version(c.rulesVersion),
                      withdrawn: formatDate(c.withdrawnOn),
                    })}
                  </Text>
                ))}
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
      <RemoveRecordDialog
        opened={!!removing}
        title={t('removal.representativeTitle')}
        intro={t('removal.representativeIntro')}
        changes={
          removing
            ? [
                {
                  label: t(`child.relations.${removing.rep.relation}`),
                  from: fullName(removing.rep),
                  to: t('removal.removed'),
                },
              ]
            : []
        }
        onRemove={async (reason) => {
          await call('representatives.remove', {
            childId,
            representativeId: removing!.rep.id,
            reason,
          });
          notifications.show({ message: t('removal.representativeDone'), color: 'green' });
          await Promise.all([
            refresh(),
            queryClient.invalidateQueries({ queryKey: ['documents', childId] }),
          ]);
        }}
        onClose={() => setRemoving(null)}
      />
      <ConfirmChanges
        opened={!!consenting}
        title={t('child.consent.recordTitle')}
        intro={consenting ? fullName(consenting) : undefined}
        changes={[
          {
            label: t('child.consent.label'),
            from: t('child.consent.missingShort'),
            to: consentWords.given({ givenOn, rulesVersion: RULES_VERSION }),
          },
        ]}
        confirmLabel={t('child.consent.record')}
        ready={/^\d{4}-\d{2}-\d{2}$/.test(givenOn) && givenOn <= today()}
        onConfirm={() => recordConsent(consenting!.id)}
        onClose={() => setConsenting(null)}
      >
        <DateField label={t('child.consent.givenOn')} value={givenOn} onChange={setGivenOn} />
      </ConfirmChanges>
      <ConfirmChanges
        opened={!!withdrawing}
        title={t('child.consent.withdrawTitle')}
        intro={withdrawing ? fullName(withdrawing.rep) : undefined}
        changes={
          withdrawing
            ? [
                {
                  label: t('child.consent.label'),
                  from: consentWords.given(withdrawing.consent),
                  to: t('child.consent.withdrawnOn', { date: consentWords.date(today()) }),
                },
              ]
            : []
        }
        confirmLabel={t('child.consent.withdraw')}
        color="orange"
        onConfirm={async () => {
          await call('consents.withdraw', { childId, consentId: withdrawing!.consent.id });
          await saved();
        }}
        onClose={() => setWithdrawing(null)}
      >
        <Text size="sm" c="dimmed">
          {t('child.consent.withdrawNote')}
        </Text>
      </ConfirmChanges>
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
