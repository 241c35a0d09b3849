import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DOCUMENT_TYPES, documents } from '../../../db/schema';
import { method } from '../registry/method';
import { documentRows } from './document-list';
import { readAttachment, removeAttachmentFiles } from '../vault/attachment-files';
import { readOrgSettings } from '../settings/org-settings';
import { findChild } from '../children/child-record';
import { assertChildInScope } from '../auth/group-scope';
import { Id } from '../children/fields';
import { AppError } from '../errors/app-error';
import { FileContent, prepareImport } from './file-import';
import { readPermission, writePermission } from './access';
import { storeDocument } from './store-document';
import { auditRemovalReason, deleteDocuments, RemovalReason } from './removal';
import { TextLine } from '../text/human-text';

const DocumentType = z.enum(DOCUMENT_TYPES);
export const DocumentNotFound = () => new AppError('documentNotFound');
export const IdCopiesDisabled = () => new AppError('idCopiesDisabled');

/** Document types only the core makes. */
const CORE_MADE_TYPES: ReadonlySet<string> = new Set(['e_contract', 'e_signature']);

export const documentMethods = {
  /** Import by file dialog, drag-and-drop or camera: sniffed, re-encoded, encrypted. */
  'documents.import': method({
    input: z
      .object({
        childId: Id,
        type: DocumentType,
        title: TextLine(200, 1),
        representativeId: Id.nullish(),
        contentBase64: FileContent,
      })
      .strict(),
    access: 'signedIn',
    kind: 'write',
    entity: 'document',
    syncs: 'document',
    handler: async (ctx, input) => {
      ctx.authorize(writePermission(input.type));
      // An e-contract and its signatures are made by the core (contracts.signElectronically, a
      // pull), never brought in as files: a file can claim to be a signature.
      if (CORE_MADE_TYPES.has(input.type)) throw new AppError('invalidInput', { fields: ['type'] });
      if (input.type === 'id_copy' && !readOrgSettings(ctx.store()).allowIdDocumentCopies)
        throw IdCopiesDisabled();
      findChild(ctx.store(), input.childId);
      const file = await prepareImport(Buffer.from(input.contentBase64, 'base64'));
      const id = ctx.transact(input.childId, (store) => {
        const documentId = storeDocument(
          store,
          ctx.services.dataDir,
          file,
          { ...input, createdBy: ctx.session!.accountId, toPortal: true },
          ctx.now(),
        );
        return documentId;
      });
      // The document as documents.list lists it for this role.
      const [stored] = documentRows(ctx.store(), ctx.may, input.childId, eq(documents.id, id));
      return { id, mime: file.mime, ...stored };
    },
  }),

  /** The documents of a child that the caller's role may see. */
  'documents.list': method({
    input: z.object({ childId: Id }).strict(),
    access: 'children.read',
    kind: 'read',
    entity: 'document',
    handler: (ctx, { childId }) => documentRows(ctx.store(), ctx.may, childId),
  }),

  /** Decrypts to memory and returns the bytes; never written anywhere on the way. */
  'documents.read': method({
    input: z
      .object({ documentId: Id, variant: z.enum(['original', 'thumbnail']).default('original') })
      .strict(),
    access: 'signedIn',
    kind: 'sensitiveRead',
    entity: 'document',
    handler: (ctx, { documentId, variant }) => {
      const store = ctx.store();
      const doc = store.db.select().from(documents).where(eq(documents.id, documentId)).get();
      if (!doc) throw DocumentNotFound();
      ctx.authorize(readPermission(doc.type));
      assertChildInScope(store, ctx.session, doc.childId); // a teacher: her groups only
      const attachmentId = variant === 'thumbnail' ? doc.thumbnailId : doc.attachmentId;
      if (!attachmentId) throw DocumentNotFound();
      const { bytes, mime } = readAttachment(store, ctx.services.dataDir, attachmentId);
      ctx.auditRead(doc.childId);
      return { mime, contentBase64: bytes.toString('base64') };
    },
  }),

  /**
   * A document entered by mistake, removed by the director with a reason (a code, audited in
   * the same transaction). The attachment's key is deleted with the record and then its file:
   * the bytes cannot be read again. The portal learns a deletion. A signed contract's scan is
   * refused (documentInUse): it belongs to the contract.
   */
  'documents.remove': method({
    input: z.object({ documentId: Id, reason: RemovalReason }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'document',
    syncs: 'document',
    handler: (ctx, { documentId, reason }) => {
      const doc = ctx.store().db.select().from(documents).where(eq(documents.id, documentId)).get();
      if (!doc) throw DocumentNotFound();
      ctx.authorize(writePermission(doc.type));
      const attachmentIds = ctx.transact(doc.childId, (store) => {
        const ids = deleteDocuments(store, [documentId]);
        auditRemovalReason(
          store,
          {
            actorId: ctx.session!.accountId,
            action: 'documents.remove',
            recordId: documentId,
            reason,
          },
          ctx.now(),
        );
        return ids;
      });
      removeAttachmentFiles(ctx.services.dataDir, attachmentIds);
      return null;
    },
  }),
};
