import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, representatives } from '../../../db/schema';
import type { ReadableStore } from '../../../db/connection';
import { method } from '../registry/method';
import { Id } from '../children/fields';
import { AppError } from '../errors/app-error';
import { FileContent } from '../documents/file-import';
import { extractPdfText } from '../pdf/read-back';
import { ncaLayerUrl, signWithNcaLayer } from '../esign/ncalayer';
import { verifyDetachedSignature, type SignatureCheck } from '../esign/verify';
import { loadTrustRoots } from '../esign/trust-roots';
import { ContractStatusNotAllowed, findContract, writeContract } from './contract-record';
import { contractRow } from './contract-list';
import { contentHash, contractContent, parseQrPayload } from './content';
import { renderContractPdf } from './contract-pdf';
import { contractToPrint } from './to-print';
import {
  eSignatureState,
  insertSignature,
  readSignatureFile,
  signatureOf,
  signaturesOf,
  storeSignatureFile,
  type ContractSignature,
} from './signature-record';

/**
 * Electronic contracts (issue 17). The core — not the window — talks to NCALayer: it renders
 * the contract's exact PDF, has NCALayer sign those bytes, verifies the returned CMS against
 * them and the national roots, and only then stores PDF + CMS in one transaction. See the
 * README's Design section "Electronic signature".
 */

/** The signature did not verify: `reason` is the first SignatureFailure. Nothing was stored. */
export const SignatureRejected = (reason: string) => new AppError('signatureRejected', { reason });

/** How far the signature's signing time may be from the core's clock when the director signs. */
const SIGNING_CLOCK_SKEW_MS = 10 * 60_000;

/** A detached CMS is small (signature + a certificate chain): a few KiB, never megabytes. */
const MAX_CMS_BASE64 = 1024 * 1024;
const CmsContent = z.string().min(1).max(MAX_CMS_BASE64);

/**
 * A contract the director signed electronically keeps the content she signed: it is not
 * printed again (a print freezes today's data as the contract's content) nor recorded as
 * signed on paper. The signed PDF is what is handed out (`contracts.signedFiles`).
 */
export function refuseIfSignedElectronically(store: ReadableStore, contractId: string): void {
  if (signatureOf(store, contractId, 'director')) throw ContractStatusNotAllowed();
}

/** Verifies a detached CMS over `content` against the shipped roots; revocation when online. */
export function checkSignature(content: Uint8Array, cms: Uint8Array): Promise<SignatureCheck> {
  return verifyDetachedSignature(content, cms, {
    roots: loadTrustRoots(),
    checkRevocation: true,
  });
}

/**
 * A CMS over the contract's PDF is the representative's signature only if the contract's own
 * representative made it (their IIN, and not the director's certificate: the app sends that
 * CMS to the portal itself), after the director signed and not in the future, with a
 * certificate valid when it arrived here — the signing time is the signer's own claim (no
 * time-stamp), so an expired certificate cannot pass by a backdated one. Adds those failures
 * to the CMS check; `receivedAt` is when this app took it from the portal.
 */
export function representativeCheck(
  store: ReadableStore,
  contractId: string,
  check: SignatureCheck,
  receivedAt: string,
): SignatureCheck {
  const contract = findContract(store, contractId);
  const director = signatureOf(store, contractId, 'director');
  const representative = store.db
    .select({ iin: representatives.iin })
    .from(representatives)
    .where(eq(representatives.id, contract.representativeId))
    .get();
  const failures = new Set(check.failures);
  const signer = check.signer;
  if (
    !signer?.iin ||
    signer.iin !== representative?.iin ||
    signer.serialNumber === director?.certificateSerial
  )
    failures.add('signerNotRepresentative');
  const signedAt = check.signedAt ? Date.parse(check.signedAt) : NaN;
  if (
    Number.isNaN(signedAt) ||
    (director?.signedAt && signedAt < Date.parse(director.signedAt) - SIGNING_CLOCK_SKEW_MS) ||
    signedAt > Date.parse(receivedAt) + SIGNING_CLOCK_SKEW_MS
  )
    failures.add('signingTimeWrong');
  if (signer && Date.parse(signer.notAfter) < Date.parse(receivedAt))
    failures.add('certificateExpired');
  return { ...check, failures: [...failures], valid: failures.size === 0 };
}

/** A stored signature as the screens show it, with a fresh check of its CMS over the stored PDF. */
async function signatureView(store: ReadableStore, dataDir: string, row: ContractSignature) {
  const pdf = readSignatureFile(store, dataDir, row.pdfDocumentId);
  const cms = readSignatureFile(store, dataDir, row.cmsDocumentId);
  const check = await checkSignature(pdf, cms);
  return {
    party: row.party,
    signerName: row.signerName,
    signerIin: row.signerIin,
    certificateNotAfter: row.certificateNotAfter,
    signedAt: row.signedAt,
    check:
      row.party === 'representative'
        ? representativeCheck(store, row.contractId, check, row.createdAt)
        : check,
  };
}

/** The contract number of one of our contract PDFs (its QR payload, printed as text too). */
async function contractNumberOf(store: ReadableStore, pdf: Uint8Array): Promise<string | null> {
  let text: string;
  try {
    text = (await extractPdfText(pdf)).join('\n');
  } catch {
    return null;
  }
  const payload = /BQC1\|[0-9]{4}-[0-9]+\|[0-9a-f]{64}/.exec(text)?.[0];
  const parsed = payload ? parseQrPayload(payload) : null;
  if (!parsed) return null;
  const known = store.db
    .select({ number: contracts.number })
    .from(contracts)
    .where(eq(contracts.number, parsed.number))
    .get();
  return known?.number ?? null;
}

function decodeBase64(base64: string, field: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
    throw new AppError('invalidInput', { fields: [field] });
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export function eSignatureMethods() {
  return {
    /**
     * The director signs the contract with her qualified e-signature through NCALayer. The
     * returned CMS must verify (chain to the national roots, a signing key, valid at signing
     * time, not revoked when that can be checked) over the very bytes sent, else
     * `signatureRejected` and nothing is stored. The contract keeps the content it was signed
     * with (as a print does); it becomes `signed` when the representative's signature arrives.
     */
    'contracts.signElectronically': method({
      input: z.object({ contractId: Id }).strict(),
      access: 'contracts.sign',
      kind: 'write',
      entity: 'contract',
      syncs: ['document', 'contract'],
      handler: async (ctx, { contractId }) => {
        const before = findContract(ctx.store(), contractId);
        if (before.status !== 'draft' && before.status !== 'printed')
          throw ContractStatusNotAllowed();
        if (signatureOf(ctx.store(), contractId, 'director')) throw ContractStatusNotAllowed();
        const { fields, hash, toRender } = contractToPrint(ctx.store(), contractId);
        const pdf = await renderContractPdf(toRender);
        const cms = await signWithNcaLayer(pdf, {
          url: ncaLayerUrl(),
          locale: ctx.session!.language,
        });
        const check = await checkSignature(pdf, cms);
        if (!check.valid) throw SignatureRejected(check.failures[0] ?? 'cmsMalformed');
        const now = ctx.now();
        // The signing time is the signer's own claim (no time-stamp): made just now, or refused
        // (a wrong clock on the signing side, or an old signature replayed).
        if (
          !check.signedAt ||
          Math.abs(Date.parse(check.signedAt) - Date.parse(now)) > SIGNING_CLOCK_SKEW_MS
        )
          throw SignatureRejected('signingTimeWrong');
        ctx.transact(before.childId, (store) => {
          // While the director chose her key someone else may have changed the contract.
          const current = findContract(store, contractId);
          if (current.status !== 'draft' && current.status !== 'printed')
            throw ContractStatusNotAllowed();
          if (signatureOf(store, contractId, 'director')) throw ContractStatusNotAllowed();
          if (contentHash(contractContent(store, contractId).fields) !== hash)
            throw new AppError('contractChanged');
          const meta = {
            childId: before.childId,
            title: `№ ${before.number}`,
            createdBy: ctx.session!.accountId,
            toPortal: true,
          };
          const pdfDocumentId = storeSignatureFile(
            store,
            ctx.services.dataDir,
            pdf,
            { ...meta, type: 'e_contract' },
            now,
          );
          const cmsDocumentId = storeSignatureFile(
            store,
            ctx.services.dataDir,
            cms,
            { ...meta, type: 'e_signature' },
            now,
          );
          insertSignature(
            store,
            { contractId, party: 'director', pdfDocumentId, cmsDocumentId, check },
            now,
          );
          writeContract(store, contractId, {
            status: 'printed',
            content: JSON.stringify(fields),
            contentHash: hash,
            printedAt: now,
          });
        });
        const row = signatureOf(ctx.store(), contractId, 'director')!;
        return {
          ...contractRow(ctx.store(), contractId),
          signatures: [
            {
              party: row.party,
              signerName: row.signerName,
              signerIin: row.signerIin,
              certificateNotAfter: row.certificateNotAfter,
              signedAt: row.signedAt,
              check,
            },
          ],
        };
      },
    }),

    /** The contract's e-signatures, each checked again over the stored PDF (audited: names, IINs). */
    'contracts.signatures': method({
      input: z.object({ contractId: Id }).strict(),
      access: 'contracts.read',
      kind: 'sensitiveRead',
      entity: 'contract',
      handler: async (ctx, { contractId }) => {
        const contract = findContract(ctx.store(), contractId);
        const rows = signaturesOf(ctx.store(), contractId);
        const signatures = [];
        for (const row of rows)
          signatures.push(await signatureView(ctx.store(), ctx.services.dataDir, row));
        ctx.auditRead(contract.childId);
        // From the checks made now (a certificate revoked since shows here), not the stored rows.
        const state = eSignatureState(
          signatures.map(({ party, check }) => ({
            party,
            valid: check.valid,
            cryptoVerified: check.cryptoVerified,
          })),
        );
        return { signatures, state };
      },
    }),

    /** The director's signed pair (PDF + detached CMS), to save or hand over. */
    'contracts.signedFiles': method({
      input: z.object({ contractId: Id }).strict(),
      access: 'contracts.sign',
      kind: 'sensitiveRead',
      entity: 'contract',
      handler: (ctx, { contractId }) => {
        const contract = findContract(ctx.store(), contractId);
        const row = signatureOf(ctx.store(), contractId, 'director');
        if (!row) throw ContractStatusNotAllowed();
        const pdf = readSignatureFile(ctx.store(), ctx.services.dataDir, row.pdfDocumentId);
        const cms = readSignatureFile(ctx.store(), ctx.services.dataDir, row.cmsDocumentId);
        ctx.auditRead(contract.childId);
        return {
          number: contract.number,
          pdfBase64: Buffer.from(pdf).toString('base64'),
          cmsBase64: Buffer.from(cms).toString('base64'),
        };
      },
    }),

    /** Checks a PDF and its detached CMS brought from outside; names the contract if it is ours. */
    'contracts.verifySignedFiles': method({
      input: z.object({ pdfBase64: FileContent, cmsBase64: CmsContent }).strict(),
      access: 'contracts.read',
      kind: 'read',
      entity: 'contract',
      handler: async (ctx, { pdfBase64, cmsBase64 }) => {
        const pdf = decodeBase64(pdfBase64, 'pdfBase64');
        const cms = decodeBase64(cmsBase64, 'cmsBase64');
        const check = await checkSignature(pdf, cms);
        return { check, contractNumber: await contractNumberOf(ctx.store(), pdf) };
      },
    }),
  };
}
