import { and, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ReadableStore } from '../../../db/connection';
import {
  auditLog,
  children,
  groups,
  representatives,
  staffAccounts,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../../db/schema';
import { method, type HandlerContext } from '../registry/method';
import type { Permission } from '../auth/permissions';
import { AUDIT_OUTCOMES } from '../vocabulary/enums';
import { PdfDocumentBuilder } from '../pdf/document';
import { fullName } from '../children/fields';
import { REPORT_WORDS } from '../children/report-words';
import { formatDateTime } from '../children/subject-access-report';
import { auditDetailText, isReportAction } from '../vocabulary/audit-details';

/**
 * Who saw what, when, narrowed down: by the person who acted (a failed sign-in counts for the
 * account it tried), the child, the action, the outcome and a time span ([from, to), instants:
 * the window turns its local days into them).
 */
const AuditFilter = {
  actorId: z.string().uuid().optional(),
  childId: z.string().uuid().optional(),
  action: z
    .string()
    .regex(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/)
    .optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
};
type AuditFilter = { [K in keyof typeof AuditFilter]?: z.output<(typeof AuditFilter)[K]> };

function filterWhere(filter: AuditFilter, beforeSeq?: number): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (beforeSeq) where.push(lt(auditLog.seq, beforeSeq));
  if (filter.actorId)
    where.push(
      or(
        eq(auditLog.actorId, filter.actorId),
        // A failed sign-in has no actor: it names the account that was tried.
        and(
          eq(auditLog.action, 'auth.signIn'),
          eq(auditLog.outcome, 'denied'),
          eq(auditLog.entityId, filter.actorId),
        ),
      ),
    );
  if (filter.childId) where.push(eq(auditLog.entityId, filter.childId));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.outcome) where.push(eq(auditLog.outcome, filter.outcome));
  if (filter.from) where.push(gte(auditLog.at, new Date(filter.from).toISOString()));
  if (filter.to) where.push(lt(auditLog.at, new Date(filter.to).toISOString()));
  return and(...where);
}

export type SubjectKind = 'child' | 'staff' | 'group' | 'representative';

/**
 * What each kind of named record needs to be seen by name; a reader without it gets the row
 * without the name (the log itself keeps ids only, names are looked up as it is read).
 */
const SUBJECT_PERMISSION: Record<SubjectKind, Permission> = {
  child: 'children.read',
  staff: 'staff.manage',
  group: 'children.read',
  representative: 'children.read',
};

/** Entity id → the record it names, by kind, for the ids of one page of the log. */
function resolveSubjects(
  ctx: HandlerContext,
  store: ReadableStore,
  ids: string[],
): Map<string, { kind: SubjectKind; name: string }> {
  const found = new Map<string, { kind: SubjectKind; name: string }>();
  if (!ids.length) return found;
  const add = (kind: SubjectKind, rows: { id: string; name: string }[]) => {
    if (!ctx.may(SUBJECT_PERMISSION[kind])) return;
    for (const row of rows) if (!found.has(row.id)) found.set(row.id, { kind, name: row.name });
  };
  // One id list per query, in chunks under SQLite's variable limit.
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    add(
      'child',
      store.db
        .select({
          id: children.id,
          lastName: children.lastName,
          firstName: children.firstName,
          patronymic: children.patronymic,
        })
        .from(children)
        .where(inArray(children.id, chunk))
        .all()
        .map((c) => ({ id: c.id, name: fullName(c) })),
    );
    add(
      'staff',
      store.db
        .select({ id: staffAccounts.id, name: staffAccounts.displayName })
        .from(staffAccounts)
        .where(inArray(staffAccounts.id, chunk))
        .all(),
    );
    add(
      'group',
      store.db
        .select({ id: groups.id, name: groups.name })
        .from(groups)
        .where(inArray(groups.id, chunk))
        .all(),
    );
    add(
      'representative',
      store.db
        .select({
          id: representatives.id,
          lastName: representatives.lastName,
          firstName: representatives.firstName,
          patronymic: representatives.patronymic,
        })
        .from(representatives)
        .where(inArray(representatives.id, chunk))
        .all()
        .map((r) => ({ id: r.id, name: fullName(r) })),
    );
  }
  return found;
}

/** The filtered rows, newest first, with the actor's and the record's names looked up now. */
function auditRows(ctx: HandlerContext, filter: AuditFilter, limit: number, beforeSeq?: number) {
  const store = ctx.store();
  const rows = store.db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: staffAccounts.displayName,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      outcome: auditLog.outcome,
      fields: auditLog.fields,
    })
    .from(auditLog)
    .leftJoin(staffAccounts, eq(staffAccounts.id, auditLog.actorId))
    .where(filterWhere(filter, beforeSeq))
    .orderBy(desc(auditLog.seq))
    .limit(limit)
    .all();
  const ids = [...new Set(rows.flatMap((row) => (row.entityId ? [row.entityId] : [])))];
  const subjects = resolveSubjects(ctx, store, ids);
  return rows.map((row) => ({
    ...row,
    // What the row names besides its record: a synced change's fields, a reports export's
    // counts and columns (names and counts only, never values).
    fields: row.fields ? (JSON.parse(row.fields) as string[]) : null,
    subject: (row.entityId && subjects.get(row.entityId)) || null,
  }));
}

/** The most rows one PDF holds; the export says when the filter matched more. */
const EXPORT_LIMIT = 5000;

const EXPORT_WORDS: Record<
  UiLanguage,
  {
    title: string;
    heading: string;
    generatedOn: string;
    filters: string;
    all: string;
    person: string;
    child: string;
    action: string;
    outcome: string;
    period: string;
    failedOnly: string;
    ok: string;
    denied: string;
    unknownAccount: string;
    rows: (n: number) => string;
    truncated: (n: number) => string;
  }
> = {
  kk: {
    title: 'Аудит журналы',
    heading: 'Аудит журналы: кім нені қашан көрді және өзгертті',
    generatedOn: 'Құрылған күні',
    filters: 'Сүзгілер',
    all: 'барлығы',
    person: 'Қызметкер',
    child: 'Бала',
    action: 'Әрекет',
    outcome: 'Нәтижесі',
    period: 'Кезең',
    failedOnly: 'Сәтсіз кірулер',
    ok: 'орындалды',
    denied: 'бас тартылды',
    unknownAccount: 'белгісіз логин',
    rows: (n) => `Жазбалар саны: ${n}`,
    truncated: (n) => `Алғашқы ${n} жазба ғана көрсетілген; сүзгіні тарылтыңыз.`,
  },
  ru: {
    title: 'Журнал аудита',
    heading: 'Журнал аудита: кто что видел и менял и когда',
    generatedOn: 'Дата составления',
    filters: 'Фильтры',
    all: 'все',
    person: 'Сотрудник',
    child: 'Ребёнок',
    action: 'Действие',
    outcome: 'Результат',
    period: 'Период',
    failedOnly: 'Неудачные входы',
    ok: 'выполнено',
    denied: 'отказано',
    unknownAccount: 'неизвестный логин',
    rows: (n) => `Записей: ${n}`,
    truncated: (n) => `Показаны только первые ${n} записей; сузьте фильтр.`,
  },
};

async function auditPdf(
  ctx: HandlerContext,
  filter: AuditFilter,
  language: UiLanguage,
): Promise<Uint8Array> {
  const words = EXPORT_WORDS[language];
  const reportWords = REPORT_WORDS[language];
  const rows = auditRows(ctx, filter, EXPORT_LIMIT + 1);
  const truncated = rows.length > EXPORT_LIMIT;
  const shown = rows.slice(0, EXPORT_LIMIT);
  const store = ctx.store();
  const named = resolveSubjects(
    ctx,
    store,
    [filter.actorId, filter.childId].filter((id): id is string => !!id),
  );
  const actionWord = (action: string) =>
    Object.hasOwn(reportWords.actions, action)
      ? reportWords.actions[action]!
      : reportWords.audit.unknownAction;
  const day = (iso: string | undefined) => (iso ? formatDateTime(iso) : '…');

  const doc = await PdfDocumentBuilder.create({
    title: words.title,
    language,
    creationDate: ctx.services.clock(),
  });
  doc.heading(words.heading, 1);
  doc.paragraph(`${words.generatedOn}: ${formatDateTime(ctx.now())}`, { size: 9 });
  doc.heading(words.filters, 3);
  const failedOnly = filter.action === 'auth.signIn' && filter.outcome === 'denied';
  const lines: [string, string][] = [
    [
      words.person,
      filter.actorId ? (named.get(filter.actorId)?.name ?? filter.actorId) : words.all,
    ],
    [words.child, filter.childId ? (named.get(filter.childId)?.name ?? filter.childId) : words.all],
    [
      words.action,
      failedOnly ? words.failedOnly : filter.action ? actionWord(filter.action) : words.all,
    ],
    [words.outcome, filter.outcome && !failedOnly ? words[filter.outcome] : words.all],
    [
      words.period,
      filter.from || filter.to ? `${day(filter.from)} — ${day(filter.to)}` : words.all,
    ],
  ];
  for (const [label, value] of lines) doc.paragraph(`${label}: ${value}`, { size: 9 });
  doc.paragraph(words.rows(shown.length), { size: 9, bold: true });
  if (truncated) doc.paragraph(words.truncated(EXPORT_LIMIT), { size: 9, bold: true });
  doc.spacer(2);
  for (const row of shown) {
    const failedSignIn = row.action === 'auth.signIn' && row.outcome === 'denied';
    const who = row.actorName ?? (failedSignIn ? '' : reportWords.audit.system);
    const subject =
      row.subject?.name ?? (failedSignIn && !row.entityId ? words.unknownAccount : '');
    // A reports export's details in words ("жолдар: 3").
    const details =
      row.fields?.length && isReportAction(row.action)
        ? `(${row.fields.map((detail) => auditDetailText(detail, language) ?? detail).join(', ')})`
        : '';
    doc.paragraph(
      [formatDateTime(row.at), who, actionWord(row.action), details, subject, words[row.outcome]]
        .filter(Boolean)
        .join(' · '),
      { size: 8 },
    );
  }
  return doc.finish();
}

export const auditMethods = {
  /** Newest first, a page at a time: "who saw what, when" answered in minutes. */
  'audit.list': method({
    input: z
      .object({
        ...AuditFilter,
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    access: 'audit.read',
    kind: 'read',
    entity: 'audit',
    handler: (ctx, { beforeSeq, limit, ...filter }) => auditRows(ctx, filter, limit, beforeSeq),
  }),

  /**
   * The filtered log as a PDF for an inspection, in the chosen language (the account's own by
   * default). Names the children it lists, so the export itself is audited.
   */
  'audit.exportPdf': method({
    input: z.object({ ...AuditFilter, language: z.enum(UI_LANGUAGES).optional() }).strict(),
    access: 'audit.read',
    kind: 'sensitiveRead',
    entity: 'audit',
    handler: async (ctx, { language, ...filter }) => {
      ctx.auditRead(filter.childId ?? null);
      const pdf = await auditPdf(ctx, filter, language ?? ctx.session!.language);
      return { pdfBase64: Buffer.from(pdf).toString('base64') };
    },
  }),
};
