import { eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { contractSignatureInbox } from '../../../db/schema';
import { appendAudit } from '../audit/audit-log';
import { collectChanges } from '../registry/record-changes';
import { recordChanges } from '../sync/outbox';
import { localDateTime } from '../attendance/attendance-record';
import { checkSignature, representativeCheck } from './e-signature';
import { findContract, writeContract } from './contract-record';
import {
  insertSignature,
  readSignatureFile,
  signatureOf,
  storeSignatureFile,
} from './signature-record';

/**
 * The parents' signatures the pull brought (contract-record.ts `applyFromPortal`), checked
 * right after the pull: each CMS against the PDF the director signed here and the national
 * roots. Whatever the check says, the CMS is kept (an encrypted `e_signature` document, not
 * sent back) with its result; a valid one makes the contract `signed` on the CMS's signing
 * date ("signed by both"), which the portal learns with the next push. An invalid one leaves
 * the contract as it was, and the screens show why (`contracts.signatures`). Returns how many
 * it settled; one it cannot read now stays in the inbox for the next run.
 */
export async function settleContractSignatures(
  store: Store,
  dataDir: string,
  now: () => string,
): Promise<number> {
  let settled = 0;
  for (const waiting of store.db.select().from(contractSignatureInbox).all()) {
    try {
      const { contractId } = waiting;
      const director = signatureOf(store, contractId, 'director');
      const at = now();
      const check = director
        ? representativeCheck(
            store,
            contractId,
            await checkSignature(
              readSignatureFile(store, dataDir, director.pdfDocumentId),
              Buffer.from(waiting.cmsBase64, 'base64'),
            ),
            at,
          )
        : null;
      store.sqlite.transaction(() => {
        const current = store.db
          .select()
          .from(contractSignatureInbox)
          .where(eq(contractSignatureInbox.contractId, contractId))
          .get();
        // Replaced by a newer pull meanwhile: that one is checked in its turn.
        if (current?.cmsBase64 !== waiting.cmsBase64) return;
        store.db
          .delete(contractSignatureInbox)
          .where(eq(contractSignatureInbox.contractId, contractId))
          .run();
        if (!director || !check) return;
        const contract = findContract(store, contractId);
        const { changes } = collectChanges(store, ['contract'], () => {
          const cmsDocumentId = storeSignatureFile(
            store,
            dataDir,
            Buffer.from(waiting.cmsBase64, 'base64'),
            {
              childId: contract.childId,
              representativeId: contract.representativeId,
              type: 'e_signature',
              title: `№ ${contract.number}`,
              createdBy: null,
              toPortal: false,
            },
            at,
          );
          insertSignature(
            store,
            {
              contractId,
              party: 'representative',
              pdfDocumentId: director.pdfDocumentId,
              cmsDocumentId,
              check,
            },
            at,
          );
          // A GOST signature (maths not checked) is kept and shown, but proves nothing.
          if (check.valid && check.cryptoVerified && contract.status !== 'terminated')
            // signedAt is a date, as a paper signature's (the kindergarten's day of the CMS time).
            writeContract(store, contractId, {
              status: 'signed',
              signedAt: localDateTime(check.signedAt ?? at).slice(0, 10),
            });
        });
        recordChanges(store, changes, at);
        appendAudit(
          store,
          {
            actorId: null,
            action: 'sync.pull',
            entity: 'contract',
            entityId: contract.childId,
            outcome: 'ok',
            fields: ['representativeSignature'],
          },
          at,
        );
        settled++;
      })();
    } catch {
      // A file that cannot be read now (the store locked, a damaged attachment): next run.
    }
  }
  return settled;
}
