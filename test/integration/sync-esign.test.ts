/**
 * Electronic contracts through the portal (issue 17): the director signs against the NCALayer
 * double, the signed PDF and her CMS go to a real portal emulator as documents (blobs first)
 * before the contract naming them, each mutation applied exactly once even when a push's
 * answer is lost; the parent's signature set through the emulator comes back through the
 * pull, is verified against the PDF signed here and makes the contract "signed by both"; a
 * parent signature over other bytes is kept with its reason and changes nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { AppError } from '../../electron/core/errors/app-error';
import type { NcaLayerDoubleInternals } from '../ncalayer-double/index';
import { startSigningDouble } from '../helpers/esign-fixture';
import { startPortalEmulator, type PortalEmulator } from '../portal-emulator/server';
import { tempFolder } from '../helpers/temp';
import { newStore, ORG } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings } from '../helpers/enrolled-child';
import { localDateTime } from '../../electron/core/attendance/attendance-record';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

async function syncUntilDone(core: Core, maxRuns = 8) {
  const failures: string[] = [];
  for (let run = 0; run < maxRuns; run++) {
    try {
      return await core.call('sync.run', {});
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'syncFailed') throw error;
      failures.push(String(error.params.reason));
    }
  }
  throw new Error(`no successful sync in ${maxRuns} runs: ${failures.join(', ')}`);
}

/** The e_contract and e_signature documents of a contract here, with their files' SHA-256. */
function signatureDocuments(core: Core, contractId: string) {
  return core.services
    .store()
    .sqlite.prepare(
      `SELECT s.party, s.pdf_document_id AS pdfId, s.cms_document_id AS cmsId,
              pa.sha256 AS pdfSha, ca.sha256 AS cmsSha, s.valid, s.failure
         FROM contract_signatures s
         JOIN documents pd ON pd.id = s.pdf_document_id JOIN attachments pa ON pa.id = pd.attachment_id
         JOIN documents cd ON cd.id = s.cms_document_id JOIN attachments ca ON ca.id = cd.attachment_id
        WHERE s.contract_id = ? ORDER BY s.party`,
    )
    .all(contractId) as {
    party: string;
    pdfId: string;
    cmsId: string;
    pdfSha: string;
    cmsSha: string;
    valid: number;
    failure: string | null;
  }[];
}

describe('electronic contracts through the portal emulator', () => {
  const root = tempFolder();
  let double: NcaLayerDoubleInternals;
  let portal: PortalEmulator;
  let core: Core;
  let first = '';
  let second = '';
  let draft = '';
  let third = '';
  let parent: Awaited<ReturnType<typeof enrolledChild>>['representative'];
  let stopDouble: () => Promise<void>;

  beforeAll(async () => {
    ({ double, stop: stopDouble } = await startSigningDouble(root));
    portal = await startPortalEmulator({ seed: 3 });
    ({ core } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    const child = await enrolledChild(core);
    parent = child.representative;
    await fillContractSettings(core);
    const create = async () =>
      (
        await core.call('contracts.create', {
          childId: child.childId,
          representativeId: child.representativeId,
          date: '2026-09-01',
          termFrom: '2026-09-01',
          termUntil: '2027-05-31',
        })
      ).id;
    first = await create();
    second = await create();
    draft = await create();
    third = await create();
    await syncUntilDone(core);
  }, 60_000);

  afterAll(async () => {
    await stopDouble();
    await portal.close();
  });

  it('the signed contract, its PDF and CMS reach the portal exactly once, a lost answer resent', async () => {
    await core.call('contracts.signElectronically', { contractId: first });
    const [director] = signatureDocuments(core, first);
    expect(director).toBeDefined();
    // The first push's answer never arrives: the client sends the same mutations again.
    portal.faults.add({ kind: 'duplicate', count: 1, path: '/api/v1/mutations' });
    await syncUntilDone(core);
    await syncUntilDone(core);
    const logBefore = portal.mutationLog().length;
    await syncUntilDone(core);
    expect(portal.mutationLog().length).toBe(logBefore);

    const contract = portal.entity('contract', first, ORG.bin)!;
    expect(contract.data).toMatchObject({
      status: 'printed',
      signedPdfDocumentId: director!.pdfId,
      directorSignatureDocumentId: director!.cmsId,
    });
    expect(portal.entity('document', director!.pdfId, ORG.bin)!.data).toMatchObject({
      type: 'e_contract',
      mime: 'application/pdf',
      blobSha256: director!.pdfSha,
    });
    expect(portal.entity('document', director!.cmsId, ORG.bin)!.data).toMatchObject({
      type: 'e_signature',
      mime: 'application/pkcs7-signature',
      blobSha256: director!.cmsSha,
    });
    const blobs = portal.store.db
      .prepare('SELECT sha256 FROM blobs WHERE sha256 IN (?, ?)')
      .pluck()
      .all(director!.pdfSha, director!.cmsSha);
    expect(blobs.sort()).toEqual([director!.pdfSha, director!.cmsSha].sort());

    const log = portal.mutationLog();
    for (const m of log) expect(m.applied).toBeLessThanOrEqual(1);
    // Each document went once; the duplicate answer was a resend, not a second mutation.
    expect(log.filter((m) => m.id === director!.pdfId)).toHaveLength(1);
    expect(log.filter((m) => m.id === director!.cmsId)).toHaveLength(1);
    expect(log.some((m) => m.received > 1)).toBe(true);
    // The documents were recorded before the contract that names them.
    const order = log.map((m) => m.id);
    expect(order.indexOf(director!.pdfId)).toBeLessThan(order.lastIndexOf(first));
    expect((await core.call('sync.status', {})).pending).toBe(0);
  });

  it("the parent's signature from the portal is verified and makes the contract signed by both", async () => {
    const files = await core.call('contracts.signedFiles', { contractId: first });
    const cms = await double.signAsRepresentative(Buffer.from(files.pdfBase64, 'base64'), parent);
    portal.parentSignature({ contractId: first, cmsBase64: Buffer.from(cms).toString('base64') });
    await syncUntilDone(core);
    await syncUntilDone(core);

    const { signatures, state } = await core.call('contracts.signatures', { contractId: first });
    expect(state).toBe('both');
    expect(signatures.map((s) => [s.party, s.check.valid])).toEqual([
      ['director', true],
      ['representative', true],
    ]);
    const parentSignature = signatures[1]!;
    expect(parentSignature.signerIin).toBe(parent.iin);
    const row = (await core.call('contracts.list', {})).find((r) => r.id === first)!;
    expect(row).toMatchObject({ status: 'signed', eSignature: 'both' });
    const stored = core.services
      .store()
      .sqlite.prepare('SELECT signed_at FROM contracts WHERE id = ?')
      .pluck()
      .get(first);
    expect(stored).toBe(localDateTime(parentSignature.check.signedAt!).slice(0, 10));
    // The portal learned the status; the parent's CMS stays the portal's field, not sent back.
    expect(portal.entity('contract', first, ORG.bin)!.data.status).toBe('signed');
    const representativeCms = signatureDocuments(core, first).find(
      (s) => s.party === 'representative',
    )!;
    expect(portal.entity('document', representativeCms.cmsId, ORG.bin)).toBeUndefined();
    // A later pull of the same signature changes nothing.
    const before = signatureDocuments(core, first);
    portal.store.editPortal('contract', first, { status: 'signed' }, { bin: ORG.bin });
    await syncUntilDone(core);
    expect(signatureDocuments(core, first)).toEqual(before);
    const inbox = core.services
      .store()
      .sqlite.prepare('SELECT COUNT(*) FROM contract_signature_inbox')
      .pluck()
      .get();
    expect(inbox).toBe(0);
  });

  it('a parent signature over other bytes is kept with its reason; the contract stays as it was', async () => {
    await core.call('contracts.signElectronically', { contractId: second });
    await syncUntilDone(core);
    const other = Buffer.from(
      (await core.call('contracts.signedFiles', { contractId: first })).pdfBase64,
      'base64',
    );
    const cms = await double.signAsRepresentative(other, parent);
    portal.parentSignature({ contractId: second, cmsBase64: Buffer.from(cms).toString('base64') });
    await syncUntilDone(core);

    const { signatures, state } = await core.call('contracts.signatures', { contractId: second });
    expect(state).toBe('director');
    expect(signatures[1]).toMatchObject({
      party: 'representative',
      check: { valid: false },
    });
    expect(signatures[1]!.check.failures[0]).toBe('contentMismatch');
    expect(
      signatureDocuments(core, second).find((s) => s.party === 'representative'),
    ).toMatchObject({ valid: 0, failure: 'contentMismatch' });
    const row = (await core.call('contracts.list', {})).find((r) => r.id === second)!;
    expect(row).toMatchObject({ status: 'printed', eSignature: 'director' });
  });

  it("a valid signature by someone else — another person, or the director's own CMS — is not the parent's", async () => {
    await core.call('contracts.signElectronically', { contractId: third });
    await syncUntilDone(core);
    const files = await core.call('contracts.signedFiles', { contractId: third });
    const pdf = Buffer.from(files.pdfBase64, 'base64');
    for (const cms of [
      await double.signAsRepresentative(pdf), // the double's own person, not this contract's
      Buffer.from(files.cmsBase64, 'base64'), // the director's CMS, which the portal holds
    ]) {
      portal.parentSignature({ contractId: third, cmsBase64: Buffer.from(cms).toString('base64') });
      await syncUntilDone(core);
      const { signatures, state } = await core.call('contracts.signatures', { contractId: third });
      expect(state).toBe('director');
      expect(signatures[1]!.check).toMatchObject({ valid: false });
      expect(signatures[1]!.check.failures).toContain('signerNotRepresentative');
      const row = (await core.call('contracts.list', {})).find((r) => r.id === third)!;
      expect(row).toMatchObject({ status: 'printed', eSignature: 'director' });
    }
  });

  it('the portal takes a parent signature only for a contract the director signed', () => {
    expect(() => portal.parentSignature({ contractId: draft, cmsBase64: 'AAAA' })).toThrow(
      /director has not signed/,
    );
  });
});
