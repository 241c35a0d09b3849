import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  CloseButton,
  Group,
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
import { useSession } from '../../app/session';
import { refusedFields } from './coreFieldErrors';
import { DateField } from '../../components/DateField';
import { formatDate } from '../../lib/dates';
import { parseDecimal } from '../../lib/numbers';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import {
  PERCENTILES,
  ageInMonths,
  lmsAt,
  valueAtZ,
  type GrowthIndicator,
  type GrowthSex,
} from './whoGrowth';

type Health = MethodOutput<'health.get'>;
type HealthRecord = MethodInput<'health.addRecord'>['record'];
type Passport = Omit<MethodInput<'health.updatePassport'>, 'childId'>;

/** The child the growth chart compares with WHO: sex and birth date pick the bands. */
export interface GrowthSubject {
  sex: GrowthSex;
  birthDate: string;
}

/**
 * One indicator (height or weight) by age: the WHO bands for the child's sex (3rd–97th and
 * 15th–85th percentiles shaded, the median dashed) and the child's measurements over them.
 */
function GrowthPanel({
  indicator,
  subject,
  points,
}: {
  indicator: GrowthIndicator;
  subject: GrowthSubject;
  points: { months: number; value: number; id: string; on: string }[];
}) {
  const { t } = useTranslation();
  const [width, height, padX, padY] = [420, 200, 40, 24];
  const ages = points.map((p) => p.months);
  // At least a year around the measurements, so a single one still shows its bands.
  const spanStart = Math.max(0, Math.floor(Math.min(...ages)) - 3);
  const spanEnd = Math.max(spanStart + 12, Math.ceil(Math.max(...ages)) + 3);
  const step = (spanEnd - spanStart) / 48;
  const grid = Array.from({ length: 49 }, (_, i) => spanStart + i * step);
  const bands = grid
    .map((months) => ({ months, lms: lmsAt(indicator, subject.sex, months) }))
    .filter((g): g is { months: number; lms: NonNullable<ReturnType<typeof lmsAt>> } => !!g.lms)
    .map(({ months, lms }) => ({ months, values: PERCENTILES.map(({ z }) => valueAtZ(lms, z)) }));
  const values = [...points.map((p) => p.value), ...bands.flatMap((b) => b.values)];
  const [minY, maxY] = [Math.min(...values), Math.max(...values)];
  const x = (months: number) =>
    padX + ((months - spanStart) / (spanEnd - spanStart)) * (width - 2 * padX);
  const y = (value: number) =>
    height - padY - ((value - minY) / (maxY - minY || 1)) * (height - 2 * padY);
  const curve = (index: number) => bands.map((b) => `${x(b.months)},${y(b.values[index]!)}`);
  const area = (low: number, high: number) => [...curve(low), ...curve(high).reverse()].join(' ');
  const unit = indicator === 'height' ? t('child.health.cm') : t('child.health.kg');
  const title = t(indicator === 'height' ? 'child.health.height' : 'child.health.weight');
  const color = indicator === 'height' ? '#228be6' : '#fa5252';
  const years = Array.from(
    { length: Math.floor(spanEnd / 12) - Math.ceil(spanStart / 12) + 1 },
    (_, i) => (Math.ceil(spanStart / 12) + i) * 12,
  );
  return (
    <svg
      width={width}
      height={height}
      role="img"
      // Not "Height, cm": that is the input's label beside it.
      aria-label={`${t('child.health.growth')} — ${title} (${t('child.health.whoBands')})`}
      data-testid={`growth-${indicator}`}
    >
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="none" stroke="#dee2e6" />
      {bands.length > 1 && (
        <g data-testid={`growth-${indicator}-bands`} data-sex={subject.sex}>
          <polygon points={area(0, 4)} fill={color} fillOpacity={0.08} data-band="3-97" />
          <polygon points={area(1, 3)} fill={color} fillOpacity={0.14} data-band="15-85" />
          <polyline
            points={curve(2).join(' ')}
            fill="none"
            stroke={color}
            strokeOpacity={0.5}
            strokeDasharray="4 3"
            data-band="50"
          />
          {PERCENTILES.map(({ percentile }, i) => (
            <text
              key={percentile}
              x={width - padX + 3}
              y={y(bands[bands.length - 1]!.values[i]!) + 3}
              fontSize={9}
              fill="#868e96"
            >
              {percentile}
            </text>
          ))}
        </g>
      )}
      <polyline
        fill="none"
        stroke={color}
        strokeWidth={2}
        points={points.map((p) => `${x(p.months)},${y(p.value)}`).join(' ')}
      />
      {points.map((p) => (
        <circle key={p.id} cx={x(p.months)} cy={y(p.value)} r={3} fill={color}>
          <title>{`${formatDate(p.on)}: ${p.value} ${unit}`}</title>
        </circle>
      ))}
      <text x={padX} y={15} fontSize={12} fill={color}>
        {`${title}, ${unit}`}
      </text>
      <text x={padX} y={height - 6} fontSize={10} fill="#868e96">
        {t('child.health.ageYears')}
      </text>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => {
        const value = minY + (maxY - minY) * f;
        return (
          <text key={f} x={padX - 4} y={y(value) + 3} fontSize={9} textAnchor="end" fill="#868e96">
            {value.toFixed(indicator === 'height' ? 0 : 1)}
          </text>
        );
      })}
      {years.map((months) => (
        <text
          key={months}
          x={x(months)}
          y={height - 6}
          fontSize={10}
          textAnchor="middle"
          fill="#868e96"
        >
          {months / 12}
        </text>
      ))}
    </svg>
  );
}

/**
 * Height and weight by age over the WHO percentile bands for the child's sex (WHO child growth
 * standards to 5 years, the WHO reference after): the nurse sees growth at a glance.
 */
function GrowthChart({
  points,
  subject,
}: {
  points: Health['anthropometry'];
  subject: GrowthSubject | undefined;
}) {
  const { t } = useTranslation();
  if (!subject || points.length === 0) return null;
  const measured = points.map((p) => ({
    id: p.id,
    on: p.measuredOn,
    months: ageInMonths(subject.birthDate, p.measuredOn),
    heightCm: p.heightCm,
    weightKg: p.weightKg,
  }));
  return (
    <Stack gap={4} data-testid="growth-chart" aria-label={t('child.health.growth')}>
      <Group align="start" gap="sm">
        <GrowthPanel
          indicator="height"
          subject={subject}
          points={measured.map((m) => ({ ...m, value: m.heightCm }))}
        />
        <GrowthPanel
          indicator="weight"
          subject={subject}
          points={measured.map((m) => ({ ...m, value: m.weightKg }))}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t('child.health.whoBands')}
      </Text>
    </Stack>
  );
}

interface FieldSpec {
  name: string;
  type?: 'text' | 'date' | 'number' | 'checkbox';
  options?: readonly string[];
  required?: boolean;
}

/** One small form per kind of record; what the core refuses shows on its field. */
function AddRecord({
  childId,
  fields,
  build,
  onAdded,
}: {
  childId: string;
  fields: readonly FieldSpec[];
  build: (values: Record<string, string>) => HealthRecord;
  onAdded: (record: HealthRecord, id: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const initial = () =>
    Object.fromEntries(
      fields.map((f) => [f.name, f.options?.[0] ?? (f.name === 'dose' ? '1' : '')]),
    );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setInvalid({});
    setBusy(true);
    try {
      const record = build(values);
      const { id } = await call('health.addRecord', { childId, record });
      setValues(initial());
      await onAdded(record, id);
    } catch (error) {
      setInvalid(
        Object.fromEntries(
          refusedFields(error, 'record.', 'child.invalid.value').map((f) => [f.field, f.message]),
        ),
      );
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const missing = fields.some((f) => f.required && !values[f.name]?.trim());
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" mt="sm">
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group align="end">
          {fields.map((f) => {
            const label = t(`child.health.${f.name}`);
            // A reason (a date in the future, hidden characters) says what is wrong; otherwise
            // the general hint (refusedFields).
            const refusal = invalid[f.name];
            const error = refusal ? t(refusal) : undefined;
            const set = (value: string) => setValues({ ...values, [f.name]: value });
            if (f.options)
              return (
                <NativeSelect
                  key={f.name}
                  label={label}
                  value={values[f.name]}
                  onChange={(e) => set(e.currentTarget.value)}
                  data={f.options.map((value) => ({
                    value,
                    label: t(`child.health.options.${value}`),
                  }))}
                  error={error}
                />
              );
            if (f.type === 'checkbox')
              return (
                <Checkbox
                  key={f.name}
                  label={label}
                  checked={values[f.name] === 'yes'}
                  onChange={(e) => set(e.currentTarget.checked ? 'yes' : '')}
                  mb={8}
                />
              );
            if (f.type === 'date')
              return (
                <DateField
                  key={f.name}
                  label={label}
                  withAsterisk={f.required}
                  value={values[f.name] ?? ''}
                  onChange={set}
                  error={error}
                  w={160}
                />
              );
            return (
              <TextInput
                key={f.name}
                label={label}
                // A number field is text: Chromium's number input drops "19,5" (decimal comma).
                type="text"
                inputMode={f.type === 'number' ? 'decimal' : undefined}
                withAsterisk={f.required}
                value={values[f.name]}
                onChange={(e) => set(e.currentTarget.value)}
                error={error}
                w={f.type === 'number' ? 110 : undefined}
              />
            );
          })}
          <Button type="submit" variant="light" loading={busy} disabled={missing}>
            {t('child.health.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const text = (value: string | undefined) => value?.trim() || null;
const BLOOD_GROUPS = ['O', 'A', 'B', 'AB'] as const;
const RH = ['+', '-'] as const;
const HEALTH_GROUPS = ['I', 'II', 'III', 'IV', 'V'] as const;
const PE_GROUPS = ['main', 'preparatory', 'special'] as const;

function PassportForm({
  childId,
  passport,
  onSaved,
}: {
  childId: string;
  passport: Health['passport'];
  onSaved: (passport: Passport) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [value, setValue] = useState<Record<keyof Passport, string>>({
    bloodGroup: passport?.bloodGroup ?? '',
    rhFactor: passport?.rhFactor ?? '',
    healthGroup: passport?.healthGroup ?? '',
    peGroup: passport?.peGroup ?? '',
    disability: passport?.disability ?? '',
  });
  const [failure, setFailure] = useState<string | null>(null);
  const select = (
    name: 'bloodGroup' | 'rhFactor' | 'healthGroup' | 'peGroup',
    options: readonly string[],
  ) => (
    <NativeSelect
      label={t(`child.health.${name}`)}
      value={value[name]}
      onChange={(event) => setValue({ ...value, [name]: event.currentTarget.value })}
      data={[
        { value: '', label: '—' },
        ...options.map((option) => ({
          value: option,
          label: name === 'peGroup' ? t(`child.health.pe.${option}`) : option,
        })),
      ]}
    />
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const passport = {
        bloodGroup: (value.bloodGroup || null) as Passport['bloodGroup'],
        rhFactor: (value.rhFactor || null) as Passport['rhFactor'],
        healthGroup: (value.healthGroup || null) as Passport['healthGroup'],
        peGroup: (value.peGroup || null) as Passport['peGroup'],
        disability: text(value.disability),
      };
      await call('health.updatePassport', { childId, ...passport });
      notifications.show({ message: t('child.saved'), color: 'green' });
      await onSaved(passport);
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={4}>{t('child.health.passport')}</Title>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          {select('bloodGroup', BLOOD_GROUPS)}
          {select('rhFactor', RH)}
          {select('healthGroup', HEALTH_GROUPS)}
          {select('peGroup', PE_GROUPS)}
          <TextInput
            label={t('child.health.disability')}
            value={value.disability}
            onChange={(event) => setValue({ ...value, disability: event.currentTarget.value })}
          />
        </SimpleGrid>
        <Button type="submit" w="fit-content">
          {t('child.health.savePassport')}
        </Button>
      </Stack>
    </form>
  );
}

type RecordKind = MethodInput<'health.removeRecord'>['kind'];

const COLLECTION = {
  allergy: 'allergies',
  chronic: 'chronicConditions',
  vaccination: 'vaccinations',
  measurement: 'anthropometry',
  examination: 'examinations',
  medicalCard: 'medicalCard',
} as const satisfies Record<RecordKind, keyof Health>;

const byDate = <T,>(rows: T[], date: (row: T) => string) =>
  [...rows].sort((a, b) => date(a).localeCompare(date(b)));

/** The passport with a record the core has just stored, as the core would list it. */
function withRecord(
  h: Health,
  row: { childId: string; id: string; recordedBy: string },
  record: HealthRecord,
): Health {
  const { childId, id } = row;
  switch (record.kind) {
    case 'allergy':
      return {
        ...h,
        allergies: [
          ...h.allergies,
          {
            id,
            childId,
            kind: record.allergyKind,
            allergen: record.allergen,
            reaction: record.reaction ?? null,
          },
        ],
      };
    case 'chronic':
      return {
        ...h,
        chronicConditions: [
          ...h.chronicConditions,
          {
            id,
            childId,
            condition: record.condition,
            since: record.since ?? null,
            dispensaryObservation: record.dispensaryObservation ?? false,
          },
        ],
      };
    case 'vaccination':
      return {
        ...h,
        vaccinations: byDate(
          [
            ...h.vaccinations,
            {
              id,
              childId,
              vaccine: record.vaccine,
              dose: record.dose,
              givenOn: record.givenOn,
              series: record.series ?? null,
              reaction: record.reaction ?? null,
            },
          ],
          (v) => v.givenOn,
        ),
      };
    case 'measurement':
      return {
        ...h,
        anthropometry: byDate(
          [
            ...h.anthropometry,
            {
              id,
              childId,
              measuredOn: record.measuredOn,
              heightCm: record.heightCm,
              weightKg: record.weightKg,
            },
          ],
          (m) => m.measuredOn,
        ),
      };
    case 'examination':
      return {
        ...h,
        examinations: byDate(
          [
            ...h.examinations,
            {
              id,
              childId,
              examinedOn: record.examinedOn,
              specialist: record.specialist,
              conclusion: record.conclusion,
            },
          ],
          (e) => e.examinedOn,
        ),
      };
    case 'medicalCard':
      return {
        ...h,
        medicalCard: byDate(
          [
            ...h.medicalCard,
            {
              id,
              childId,
              date: record.date,
              complaint: record.complaint ?? null,
              examination: record.examination ?? null,
              diagnosis: record.diagnosis ?? null,
              action: record.action ?? null,
              recordedBy: row.recordedBy,
            },
          ],
          (m) => m.date,
        ),
      };
  }
}

function withoutRecord(h: Health, kind: RecordKind, recordId: string): Health {
  const key = COLLECTION[kind];
  return { ...h, [key]: (h[key] as { id: string }[]).filter((r) => r.id !== recordId) };
}

function Rows({
  rows,
  ids,
  empty,
  onRemove,
}: {
  rows: (string | number | null)[][];
  ids: string[];
  empty: string;
  onRemove: (recordId: string) => void;
}) {
  const { t } = useTranslation();
  if (!rows.length)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table fz="sm">
      <Table.Tbody>
        {rows.map((cells, i) => (
          <Table.Tr key={ids[i]}>
            {cells.map((cell, j) => (
              <Table.Td key={j}>{cell ?? '—'}</Table.Td>
            ))}
            <Table.Td w={40}>
              <CloseButton
                size="sm"
                aria-label={t('child.health.remove')}
                onClick={() => onRemove(ids[i]!)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The health passport and medical card: nurse and director only, every opening audited. */
export function HealthTab({ childId, child }: { childId: string; child?: GrowthSubject }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const health = useQuery({
    queryKey: ['health', childId],
    queryFn: () => call('health.get', { childId }),
  });
  const { session } = useSession();
  // What was just written is put into the shown passport directly: reading it again would be
  // another audited opening of the medical data for every record added.
  const patch = (update: (health: Health) => Health) => {
    queryClient.setQueryData<Health>(['health', childId], (old) => old && update(old));
    return queryClient.invalidateQueries({ queryKey: ['history', childId] });
  };
  const added = (record: HealthRecord, id: string) =>
    patch((h) => withRecord(h, { childId, id, recordedBy: session.accountId }, record));
  const passportSaved = (passport: Passport) =>
    patch((h) => ({
      ...h,
      passport: {
        childId,
        bloodGroup: passport.bloodGroup ?? null,
        rhFactor: passport.rhFactor ?? null,
        healthGroup: passport.healthGroup ?? null,
        peGroup: passport.peGroup ?? null,
        disability: passport.disability ?? null,
        updatedAt: new Date().toISOString(),
      },
    }));
  /** A record entered by mistake is removed (audited), after asking. */
  const remove = (kind: RecordKind) => (recordId: string) => {
    if (!window.confirm(t('child.health.removeConfirm'))) return;
    call('health.removeRecord', { childId, kind, recordId }).then(
      () => patch((h) => withoutRecord(h, kind, recordId)),
      (error: unknown) => notifications.show({ message: errorText(error), color: 'red' }),
    );
  };
  if (health.error)
    return (
      <Alert color="red" role="alert">
        {errorText(health.error)}
      </Alert>
    );
  const data = health.data;
  if (!data) return null;
  const empty = t('child.health.noRecords');
  const yesNo = (value: boolean) => (value ? t('child.health.yes') : t('child.health.no'));
  const section = (title: string, body: React.ReactNode) => (
    <Card withBorder component="section" aria-label={title}>
      <Title order={5}>{title}</Title>
      {body}
    </Card>
  );

  return (
    <Stack>
      <Card withBorder>
        <PassportForm
          key={data.passport?.updatedAt ?? 'new'}
          childId={childId}
          passport={data.passport}
          onSaved={passportSaved}
        />
      </Card>
      {section(
        t('child.health.allergies'),
        <>
          <Rows
            empty={empty}
            ids={data.allergies.map((r) => r.id)}
            onRemove={remove('allergy')}
            rows={data.allergies.map((a) => [
              t(`child.health.options.${a.kind}`),
              a.allergen,
              a.reaction,
            ])}
          />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'allergyKind', options: ['food', 'drug', 'other'] },
              { name: 'allergen', required: true },
              { name: 'reaction' },
            ]}
            build={(v) => ({
              kind: 'allergy',
              allergyKind: v.allergyKind as 'food',
              allergen: v.allergen!.trim(),
              reaction: text(v.reaction),
            })}
          />
        </>,
      )}
      {section(
        t('child.health.chronic'),
        <>
          <Rows
            empty={empty}
            ids={data.chronicConditions.map((r) => r.id)}
            onRemove={remove('chronic')}
            rows={data.chronicConditions.map((c) => [
              c.condition,
              formatDate(c.since),
              `${t('child.health.dispensaryObservation')}: ${yesNo(c.dispensaryObservation)}`,
            ])}
          />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'condition', required: true },
              { name: 'since', type: 'date' },
              { name: 'dispensaryObservation', type: 'checkbox' },
            ]}
            build={(v) => ({
              kind: 'chronic',
              condition: v.condition!.trim(),
              since: v.since || null,
              dispensaryObservation: v.dispensaryObservation === 'yes',
            })}
          />
        </>,
      )}
      {section(
        t('child.health.vaccinations'),
        <>
          <Rows
            empty={empty}
            ids={data.vaccinations.map((r) => r.id)}
            onRemove={remove('vaccination')}
            rows={data.vaccinations.map((v) => [
              v.vaccine,
              `${t('child.health.dose')} ${v.dose}`,
              formatDate(v.givenOn),
              v.series,
              v.reaction,
            ])}
          />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'vaccine', required: true },
              { name: 'dose', type: 'number', required: true },
              { name: 'givenOn', type: 'date', required: true },
              { name: 'series' },
              { name: 'reaction' },
            ]}
            build={(v) => ({
              kind: 'vaccination',
              vaccine: v.vaccine!.trim(),
              dose: parseDecimal(v.dose),
              givenOn: v.givenOn!,
              series: text(v.series),
              reaction: text(v.reaction),
            })}
          />
        </>,
      )}
      {section(
        t('child.health.anthropometry'),
        <>
          <Rows
            empty={empty}
            ids={data.anthropometry.map((r) => r.id)}
            onRemove={remove('measurement')}
            rows={data.anthropometry.map((m) => [
              formatDate(m.measuredOn),
              `${m.heightCm} ${t('child.health.cm')}`,
              `${m.weightKg} ${t('child.health.kg')}`,
              `${t('child.health.bmi')} ${(m.weightKg / (m.heightCm / 100) ** 2).toFixed(1)}`,
            ])}
          />
          <GrowthChart points={data.anthropometry} subject={child} />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'measuredOn', type: 'date', required: true },
              { name: 'heightCm', type: 'number', required: true },
              { name: 'weightKg', type: 'number', required: true },
            ]}
            build={(v) => ({
              kind: 'measurement',
              measuredOn: v.measuredOn!,
              heightCm: parseDecimal(v.heightCm),
              weightKg: parseDecimal(v.weightKg),
            })}
          />
        </>,
      )}
      {section(
        t('child.health.examinations'),
        <>
          <Rows
            empty={empty}
            ids={data.examinations.map((r) => r.id)}
            onRemove={remove('examination')}
            rows={data.examinations.map((e) => [
              formatDate(e.examinedOn),
              e.specialist,
              e.conclusion,
            ])}
          />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'examinedOn', type: 'date', required: true },
              { name: 'specialist', required: true },
              { name: 'conclusion', required: true },
            ]}
            build={(v) => ({
              kind: 'examination',
              examinedOn: v.examinedOn!,
              specialist: v.specialist!.trim(),
              conclusion: v.conclusion!.trim(),
            })}
          />
        </>,
      )}
      {section(
        t('child.health.medicalCard'),
        <>
          <Rows
            empty={empty}
            ids={data.medicalCard.map((r) => r.id)}
            onRemove={remove('medicalCard')}
            rows={data.medicalCard.map((m) => [
              formatDate(m.date),
              m.complaint,
              m.examination,
              m.diagnosis,
              m.action,
            ])}
          />
          <AddRecord
            childId={childId}
            onAdded={added}
            fields={[
              { name: 'date', type: 'date', required: true },
              { name: 'complaint' },
              { name: 'examination' },
              { name: 'diagnosis' },
              { name: 'action' },
            ]}
            build={(v) => ({
              kind: 'medicalCard',
              date: v.date!,
              complaint: text(v.complaint),
              examination: text(v.examination),
              diagnosis: text(v.diagnosis),
              action: text(v.action),
            })}
          />
        </>,
      )}
    </Stack>
  );
}
