import { useTranslation } from 'react-i18next';
import { Group, Stack, Text } from '@mantine/core';
import { formatDate } from '../../lib/dates';
import type { MethodOutput } from '../../../../electron/core/api';
import {
  PERCENTILES,
  ageInMonths,
  lmsAt,
  valueAtZ,
  type GrowthIndicator,
  type GrowthSex,
} from './whoGrowth';

type Health = MethodOutput<'health.get'>;

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
export function GrowthChart({
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
