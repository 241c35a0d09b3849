import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  auditLog,
  children,
  consents,
  groups,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../../db/schema';
import type { ReadableStore } from '../../../db/connection';
import { kazakhOrder } from '../../../db/kazakh-order';
import { method, type HandlerContext } from '../registry/method';
import { updateInput } from '../registry/update-input';
import { childrenInScope, scopedGroupIds } from '../auth/group-scope';
import { ChildFields, ChildStatus, Id, IsoDate, NewChild } from './fields';
import { childrenSearch } from './search';
import { representativesOfChild } from '../representatives/as-seen';
import { privilegesOfChild } from '../privileges/as-seen';
import { subjectAccessReport } from './subject-access-report';
import { checkPrinter, PrintChoices } from '../printing/print-choices';
import { readHealthFile } from '../health/health-file';
import {
  createChild,
  findChild,
  setChildStatus,
  StatusChangeNotAllowed,
  updateChild,
  writeChild,
} from './child-record';

/**
 * One page of the children's list in Kazakh alphabetical order (surname, first name,
 * patronymic). The order is the expressions of the children_kazakh_order index, so SQLite
 * reads the page from it without sorting.
 */
export function childrenPage(
  store: ReadableStore,
  where: SQL | undefined,
  limit: number,
  offset: number,
) {
  return store.db
    .select({
      id: children.id,
      iin: children.iin,
      lastName: children.lastName,
      firstName: children.firstName,
      patronymic: children.patronymic,
      birthDate: children.birthDate,
      status: children.status,
      archived: children.archived,
      groupId: children.groupId,
      group: groups.name,
    })
    .from(children)
    .leftJoin(groups, eq(groups.id, children.groupId))
    .where(where)
    .orderBy(
      kazakhOrder(children.lastName),
      kazakhOrder(children.firstName),
      kazakhOrder(children.patronymic),
      asc(children.id),
    )
    .limit(limit)
    .offset(offset);
}

/**
 * One page of a search's matches: the first rank's in alphabetical order, then the next
 * rank's (children/search.ts), each read from the index like any page. Only a page further
 * down counts the ranks before it, to know where it starts.
 */
function rankedPage(
  store: ReadableStore,
  filters: SQL[],
  ranks: SQL[],
  limit: number,
  offset: number,
) {
  const rows: ReturnType<ReturnType<typeof childrenPage>['all']> = [];
  let skip = offset;
  for (const [i, rank] of ranks.entries()) {
    if (rows.length === limit) break;
    const where = and(...filters, rank);
    if (skip > 0 && i < ranks.length - 1) {
      const inRank = store.db.select({ n: count() }).from(children).where(where).get()?.n ?? 0;
      if (skip >= inRank) {
        skip -= inRank;
        continue;
      }
    }
    rows.push(...childrenPage(store, where, limit - rows.length, skip).all());
    skip = 0;
  }
  return rows;
}

const ChildListInput = z
  .object({
    query: z.string().trim().max(100).optional(),
    groupId: Id.optional(),
    status: ChildStatus.optional(),
    includeArchived: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

/** The subject-access report of one child, in the given language or the account's own. */
async function childReport(
  ctx: HandlerContext,
  childId: string,
  language: UiLanguage | undefined,
): Promise<Uint8Array> {
  const file = await childrenMethods['children.get'].handler(ctx, { childId });
  const health = readHealthFile(ctx.store(), childId);
  return subjectAccessReport(
    ctx.store(),
    ctx.services.dataDir,
    file,
    health,
    ctx.services.clock(),
    language ?? ctx.session!.language,
  );
}

export const childrenMethods = {
  'children.list': method({
    input: ChildListInput,
    access: 'children.read',
    kind: 'read',
    entity: 'child',
    handler: (ctx, input) => {
      const store = ctx.store();
      const filters: SQL[] = [];
      if (!input.includeArchived) filters.push(eq(children.archived, false));
      const scope = childrenInScope(store, ctx.session); // a teacher: her groups only
      if (scope) filters.push(scope);
      if (input.groupId) filters.push(eq(children.groupId, input.groupId));
      if (input.status) filters.push(eq(children.status, input.status));
      const search = input.query ? childrenSearch(input.query) : undefined;
      if (search === null) filters.push(sql`0`); // nothing but separators typed
      const where = and(...filters, search?.where);
      const total = store.db.select({ n: count() }).from(children).where(where).get()?.n ?? 0;
      const rows = search
        ? rankedPage(store, filters, search.ranks, input.limit, input.offset)
        : childrenPage(store, where, input.limit, input.offset).all();
      // A teacher the director has not assigned a group yet (every teacher right after the
      // upgrade that brought groups) sees no child: the list says why instead of "no children".
      const noGroupsAssigned = scopedGroupIds(store, ctx.session)?.length === 0;
      return { total, rows, noGroupsAssigned };
    },
  }),

  /** The child page: opening a personal file is recorded, so "who saw what, when" is answerable. */
  'children.get': method({
    input: z.object({ childId: Id }).strict(),
    access: 'children.read',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: (ctx, { childId }) => {
      const store = ctx.store();
      const child = findChild(store, childId);
      ctx.auditRead(childId);
      const reps = representativesOfChild(store, ctx.may, childId);
      const privileges = privilegesOfChild(store, ctx.may, childId);
      // Withdrawn ones too (withdrawnOn set): not current, but part of the file's history.
      const consentRows = store.db
        .select()
        .from(consents)
        .where(eq(consents.childId, childId))
        .orderBy(asc(consents.givenOn), asc(consents.withdrawnOn))
        .all();
      const group = child.groupId
        ? (store.db.select().from(groups).where(eq(groups.id, child.groupId)).get() ?? null)
        : null;
      return { child, group, representatives: reps, privileges, consents: consentRows };
    },
  }),

  'children.create': method({
    input: NewChild,
    access: 'children.write',
    kind: 'write',
    entity: 'child',
    syncs: 'child',
    handler: (ctx, input) => {
      const id = randomUUID();
      const now = ctx.now();
      ctx.transact(id, (store) =>
        createChild(
          store,
          { id, ...input, enrolledOn: input.status === 'enrolled' ? now.slice(0, 10) : null },
          now,
        ),
      );
      // The child as stored, as children.get shows it.
      return findChild(ctx.store(), id);
    },
  }),

  'children.update': method({
    input: z.object({ childId: Id, changes: updateInput(ChildFields) }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'child',
    syncs: 'child',
    handler: (ctx, { childId, changes }) => {
      ctx.transact(childId, (store) => updateChild(store, childId, changes, ctx.now()));
      return findChild(ctx.store(), childId);
    },
  }),

  'children.setStatus': method({
    input: z.object({ childId: Id, status: ChildStatus, on: IsoDate }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'child',
    syncs: 'child',
    handler: (ctx, { childId, status, on }) => {
      ctx.transact(childId, (store) => setChildStatus(store, childId, status, on, ctx.now()));
      return findChild(ctx.store(), childId);
    },
  }),

  /** Archive, never delete: the rules promise a family's data is kept when it leaves. */
  'children.archive': method({
    input: z.object({ childId: Id }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'child',
    handler: (ctx, { childId }) => {
      ctx.transact(childId, (store) => {
        const child = findChild(store, childId);
        if (child.status !== 'withdrawn' && child.status !== 'graduated')
          throw StatusChangeNotAllowed();
        writeChild(store, childId, { archived: true }, ctx.now());
      });
      return findChild(ctx.store(), childId);
    },
  }),

  /** The subject-access report a parent may ask for: everything held about the child, as a PDF. */
  'children.exportReport': method({
    /** The report's language; the signed-in account's own by default. */
    input: z.object({ childId: Id, language: z.enum(UI_LANGUAGES).optional() }).strict(),
    access: 'children.export',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { childId, language }) => {
      const pdf = await childReport(ctx, childId, language);
      return { pdfBase64: Buffer.from(pdf).toString('base64') };
    },
  }),

  /**
   * The same report sent to a printer as one job, through the print path contracts use
   * (CUPS, or the desktop app's print window): the core builds what is printed, the window
   * only shows it.
   */
  'children.printReport': method({
    input: z
      .object({ childId: Id, language: z.enum(UI_LANGUAGES).optional(), ...PrintChoices })
      .strict(),
    access: 'children.export',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { childId, language, printer, copies, duplex }) => {
      await checkPrinter(ctx.services, printer);
      const pdf = await childReport(ctx, childId, language);
      return ctx.services.printBackend.print(pdf, {
        printer,
        copies,
        duplex,
        jobTitle: 'Personal-data report',
      });
    },
  }),

  /**
   * The child's history tab: every audited action on this child's file, newest first. It
   * names who did what (e.g. a nurse's `health.addRecord`), so it is part of the audit log
   * and needs `audit.read`, not only `children.read`.
   */
  'children.history': method({
    input: z.object({ childId: Id, limit: z.number().int().min(1).max(500).default(200) }).strict(),
    access: 'audit.read',
    kind: 'read',
    entity: 'child',
    handler: (ctx, { childId, limit }) =>
      ctx
        .store()
        .db.select({
          seq: auditLog.seq,
          at: auditLog.at,
          actorId: auditLog.actorId,
          action: auditLog.action,
          entity: auditLog.entity,
          outcome: auditLog.outcome,
          fields: auditLog.fields,
        })
        .from(auditLog)
        .where(eq(auditLog.entityId, childId))
        .orderBy(sql`${auditLog.seq} DESC`)
        .limit(limit)
        .all()
        // The fields a change named (e.g. one from the portal), null where the row names none.
        .map((row) => ({
          ...row,
          fields: row.fields ? (JSON.parse(row.fields) as string[]) : null,
        })),
  }),
};
