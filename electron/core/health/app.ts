import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { method } from '../registry/method';
import { updateInput } from '../registry/update-input';
import {
  addHealthRecord,
  HEALTH_RECORD_TABLES,
  type HealthRecordKind,
  removeHealthRecord,
  writePassport,
} from './health-record';
import { findChild } from '../children/child-record';
import { readHealthFile } from './health-file';
import { Id, IsoDate } from '../children/fields';
import { AppError, InvalidInput } from '../errors/app-error';
import { FreeText } from '../text/human-text';
import {
  ALLERGY_KINDS,
  BLOOD_GROUPS,
  HEALTH_GROUPS,
  PE_GROUPS,
  RH_FACTORS,
} from '../vocabulary/enums';

const Text = (max: number) => FreeText(max, 1);
const OptionalText = (max: number) =>
  FreeText(max)
    .nullish()
    .transform((v) => v || null);

const PassportFields = z.object({
  bloodGroup: z.enum(BLOOD_GROUPS).nullable(),
  rhFactor: z.enum(RH_FACTORS).nullable(),
  healthGroup: z.enum(HEALTH_GROUPS).nullable(),
  peGroup: z.enum(PE_GROUPS).nullable(),
  disability: OptionalText(300),
});

/** One input shape per kind of health record; the kind picks the table. */
const HealthRecord = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('allergy'),
      allergyKind: z.enum(ALLERGY_KINDS),
      allergen: Text(200),
      reaction: OptionalText(500),
    })
    .strict(),
  z
    .object({
      kind: z.literal('chronic'),
      condition: Text(300),
      since: IsoDate.nullish(),
      dispensaryObservation: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('vaccination'),
      vaccine: Text(100),
      dose: z.number().int().min(1).max(10),
      givenOn: IsoDate,
      series: OptionalText(60),
      reaction: OptionalText(500),
    })
    .strict(),
  z
    .object({
      kind: z.literal('measurement'),
      measuredOn: IsoDate,
      heightCm: z.number().min(30).max(200),
      weightKg: z.number().min(1).max(100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('examination'),
      examinedOn: IsoDate,
      specialist: Text(100),
      conclusion: Text(2000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('medicalCard'),
      date: IsoDate,
      complaint: OptionalText(1000),
      examination: OptionalText(2000),
      diagnosis: OptionalText(500),
      action: OptionalText(1000),
    })
    .strict(),
]);

export const RecordNotFound = () => new AppError('recordNotFound');
/** A vaccination, measurement, examination (or other health record) dated after today. */
export const DateInFuture = (field: string) => InvalidInput([field], ['dateInFuture']);

/** The date each kind of record happened on: none of them can have happened yet tomorrow. */
const DATE_FIELD = {
  chronic: 'since',
  vaccination: 'givenOn',
  measurement: 'measuredOn',
  examination: 'examinedOn',
  medicalCard: 'date',
} as const satisfies Partial<Record<HealthRecordKind, string>>;

/** Today as the computer's calendar has it (Kazakhstan's day, not UTC's): YYYY-MM-DD. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Refuses a record dated in the future (a typo in the year, a date not yet reached). */
function refuseFutureDate(record: z.infer<typeof HealthRecord>, now: string): void {
  if (record.kind === 'allergy') return;
  const field = DATE_FIELD[record.kind];
  const date = (record as Record<string, unknown>)[field];
  if (typeof date === 'string' && date > localDay(now)) throw DateInFuture(`record.${field}`);
}

export const healthMethods = {
  /** Medical secrecy: nurse and director only, and every read is audited. */
  'health.get': method({
    input: z.object({ childId: Id }).strict(),
    access: 'health.read',
    kind: 'sensitiveRead',
    entity: 'health',
    handler: (ctx, { childId }) => {
      findChild(ctx.store(), childId);
      ctx.auditRead(childId);
      return readHealthFile(ctx.store(), childId);
    },
  }),

  /** Changes the passport fields it names and no other (null clears one). */
  'health.updatePassport': method({
    input: updateInput(PassportFields).extend({ childId: Id }),
    access: 'health.write',
    kind: 'write',
    entity: 'health',
    syncs: 'health',
    handler: (ctx, { childId, ...fields }) => {
      // The passport as stored (as health.get shows it), so the form need not rebuild it.
      return ctx.transact(childId, (store) => {
        findChild(store, childId);
        return writePassport(store, childId, fields, ctx.now());
      });
    },
  }),

  'health.addRecord': method({
    input: z.object({ childId: Id, record: HealthRecord }).strict(),
    access: 'health.write',
    kind: 'write',
    entity: 'health',
    handler: (ctx, { childId, record }) => {
      refuseFutureDate(record, ctx.now());
      const id = randomUUID();
      // The record as stored (as health.get lists it, with its id): the form shows it as is.
      return ctx.transact(childId, (store) => {
        findChild(store, childId);
        const { kind, ...fields } = record;
        const row =
          kind === 'allergy'
            ? { allergen: record.allergen, reaction: record.reaction, kind: record.allergyKind }
            : kind === 'medicalCard'
              ? { ...fields, recordedBy: ctx.session!.accountId }
              : fields;
        return addHealthRecord(store, childId, kind, id, row as never);
      });
    },
  }),

  'health.removeRecord': method({
    input: z
      .object({
        childId: Id,
        kind: z.enum(
          Object.keys(HEALTH_RECORD_TABLES) as [HealthRecordKind, ...HealthRecordKind[]],
        ),
        recordId: Id,
      })
      .strict(),
    access: 'health.write',
    kind: 'write',
    entity: 'health',
    handler: (ctx, { childId, kind, recordId }) => {
      // The record as it was stored before its removal.
      return ctx.transact(childId, (store) => {
        const removed = removeHealthRecord(store, childId, kind, recordId);
        if (!removed) throw RecordNotFound();
        return removed;
      });
    },
  }),
};
