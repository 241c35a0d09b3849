import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DEVELOPMENT_AREAS, portfolioEntries, portfolioFiles } from '../../../db/schema';
import { method } from '../registry/method';
import { portfolioRows } from './portfolio-list';
import { findChild } from '../children/child-record';
import { Id, IsoDate } from '../children/fields';
import { FileContent } from '../documents/file-import';
import { prepareImport, type PreparedFile } from '../documents/file-import';
import { storeDocument } from '../documents/store-document';
import { FreeText, TextLine } from '../text/human-text';

export const portfolioMethods = {
  'portfolio.list': method({
    input: z.object({ childId: Id }).strict(),
    access: 'portfolio.read',
    kind: 'read',
    entity: 'portfolio',
    handler: (ctx, { childId }) => portfolioRows(ctx.store(), childId),
  }),

  /** A dated entry by development area, with up to five files (photos, drawings, scans). */
  'portfolio.addEntry': method({
    input: z
      .object({
        childId: Id,
        date: IsoDate,
        area: z.enum(DEVELOPMENT_AREAS),
        title: TextLine(200, 1),
        text: FreeText(5000).nullish(),
        files: z
          .array(z.object({ title: TextLine(200, 1), contentBase64: FileContent }).strict())
          .max(5)
          .default([]),
      })
      .strict(),
    access: 'portfolio.write',
    kind: 'write',
    entity: 'portfolio',
    handler: async (ctx, input) => {
      findChild(ctx.store(), input.childId);
      // Every file is checked before anything is stored: one bad file changes nothing.
      const prepared: { title: string; file: PreparedFile }[] = [];
      for (const file of input.files)
        prepared.push({
          title: file.title,
          file: await prepareImport(Buffer.from(file.contentBase64, 'base64')),
        });
      const id = randomUUID();
      const createdBy = ctx.session!.accountId;
      ctx.transact(input.childId, (store) => {
        const now = ctx.now();
        store.db
          .insert(portfolioEntries)
          .values({
            id,
            childId: input.childId,
            date: input.date,
            area: input.area,
            title: input.title,
            text: input.text ?? null,
            createdBy,
            createdAt: now,
          })
          .run();
        for (const { title, file } of prepared) {
          const documentId = storeDocument(
            store,
            ctx.services.dataDir,
            file,
            // Kept here until enrolment queues what the portal lacks, as before record types.
            { childId: input.childId, type: 'portfolio_file', title, createdBy, toPortal: false },
            now,
          );
          store.db.insert(portfolioFiles).values({ entryId: id, documentId }).run();
        }
      });
      // The entry as stored, with its files, as portfolio.list lists it.
      return portfolioRows(ctx.store(), input.childId, eq(portfolioEntries.id, id))[0]!;
    },
  }),
};
