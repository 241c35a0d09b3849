import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NcaLayerDoubleInternals } from '../ncalayer-double/index';
import { startSigningDouble } from '../helpers/esign-fixture';
import { verifyDetachedSignature } from '../../electron/core/esign/verify';
import { loadTrustRoots } from '../../electron/core/esign/trust-roots';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { signWithNcaLayer } from '../../electron/core/esign/ncalayer';
import { tempFolder } from '../helpers/temp';
import { dumpTables, newStore, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings } from '../helpers/enrolled-child';
import { addStaff } from '../helpers/staff';
import { runCli } from '../helpers/cli';
import { eSignatureState } from '../../electron/core/contracts/signature-record';
import { DIRECTOR } from '../helpers/store-fixture';

/**
 * The director signs a contract through NCALayer (the test double: a real wss server with a
 * test CA): the core sends the exact PDF, verifies the CMS it gets back and only then stores
 * both. Every failure of NCALayer or of the signature changes nothing.
 */

/** Every table but the audit log (a refused call is on record there by design). */
function dataTables(fixture: Fixture) {
  const tables = dumpTables(fixture.core.services.store());
  return Object.fromEntries(Object.entries(tables).filter(([name]) => !name.includes('audit')));
}

describe('contracts signed electronically through NCALayer', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let double: NcaLayerDoubleInternals;
  let contractId = '';
  let secondId = '';
  let stopDouble: () => Promise<void>;

  beforeAll(async () => {
    ({ double, stop: stopDouble } = await startSigningDouble(root));
    fixture = await newStore(root);
    const child = await enrolledChild(fixture.core);
    await fillContractSettings(fixture.core);
    const create = () =>
      fixture.core.call('contracts.create', {
        childId: child.childId,
        representativeId: child.representativeId,
        date: '2026-09-01',
        termFrom: '2026-09-01',
        termUntil: '2027-05-31',
      });
    contractId = (await create()).id;
    secondId = (await create()).id;
  }, 60_000);

  afterAll(() => stopDouble());

  it.each([
    ['cancel', { code: 'signingCancelled', params: {} }],
    ['wrongKey', { code: 'signatureRejected', params: { reason: 'wrongKeyType' } }],
    ['expired', { code: 'signatureRejected', params: { reason: 'certificateExpired' } }],
    ['brokenSignature', { code: 'signatureRejected', params: { reason: 'signatureInvalid' } }],
    ['revoked', { code: 'signatureRejected', params: { reason: 'certificateRevoked' } }],
    ['backdated', { code: 'signatureRejected', params: { reason: 'signingTimeWrong' } }],
  ] as const)('%s: answers %o and stores nothing', async (mode, error) => {
    const before = dataTables(fixture);
    double.setMode(mode);
    const answer = await fixture.core.dispatch('contracts.signElectronically', { contractId });
    double.setMode('sign');
    expect(answer).toEqual({ ok: false, error });
    expect(dataTables(fixture)).toEqual(before);
  });

  it('sends the exact PDF, detached, to a signing key, verifies the CMS and stores both', async () => {
    const { core } = fixture;
    const requestsBefore = double.requests.length;
    const signed = await core.call('contracts.signElectronically', { contractId });
    expect(double.requests.length).toBe(requestsBefore + 1);
    const request = double.requests.at(-1) as {
      module: string;
      method: string;
      args: Record<string, unknown> & { data: string };
    };
    expect(request.module).toBe('kz.gov.pki.knca.basics');
    expect(request.method).toBe('sign');
    expect(request.args).toMatchObject({
      format: 'cms',
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], chain: [] },
      locale: core.services.session!.language,
    });

    expect(signed).toMatchObject({
      id: contractId,
      status: 'printed',
      eSignature: 'director',
      directorSigner: { name: double.director.name, iin: double.director.iin },
    });
    expect(signed.signatures).toHaveLength(1);
    expect(signed.signatures[0]!.check).toMatchObject({ valid: true, revocation: 'good' });

    // The stored pair is the bytes NCALayer was given and the CMS it answered, and they verify.
    const files = await core.call('contracts.signedFiles', { contractId });
    expect(files.pdfBase64).toBe(request.args.data);
    const pdf = Buffer.from(files.pdfBase64, 'base64');
    const text = (await extractPdfText(pdf)).join('\n');
    expect(text).toContain(signed.number);
    const check = await verifyDetachedSignature(pdf, Buffer.from(files.cmsBase64, 'base64'), {
      roots: loadTrustRoots(),
      checkRevocation: false,
    });
    expect(check.valid).toBe(true);
    expect(check.signer?.iin).toBe(double.director.iin);

    const docs = core.services
      .store()
      .sqlite.prepare(
        "SELECT d.type, a.mime FROM documents d JOIN attachments a ON a.id = d.attachment_id WHERE d.type LIKE 'e_%' ORDER BY d.type",
      )
      .all();
    expect(docs).toEqual([
      { type: 'e_contract', mime: 'application/pdf' },
      { type: 'e_signature', mime: 'application/pkcs7-signature' },
    ]);
    const list = await core.call('contracts.list', {});
    expect(list.find((row) => row.id === contractId)).toMatchObject({ eSignature: 'director' });
    expect(list.find((row) => row.id === secondId)).toMatchObject({
      eSignature: 'none',
      directorSigner: null,
    });
  });

  it('re-verifies the stored signature; a second signature is refused', async () => {
    const { core } = fixture;
    const { signatures, state } = await core.call('contracts.signatures', { contractId });
    expect(state).toBe('director');
    expect(signatures).toEqual([
      expect.objectContaining({
        party: 'director',
        signerName: double.director.name,
        signerIin: double.director.iin,
        check: expect.objectContaining({ valid: true, failures: [] }),
      }),
    ]);
    // Offline CRL: still valid, revocation not checked.
    double.setCrlAvailable(false);
    const offline = await core.call('contracts.signatures', { contractId });
    double.setCrlAvailable(true);
    expect(offline.signatures[0]!.check).toMatchObject({ valid: true, revocation: 'notChecked' });

    const again = await core.dispatch('contracts.signElectronically', { contractId });
    expect(again).toMatchObject({ ok: false, error: { code: 'contractStatusNotAllowed' } });
  });

  it('keeps the content the director signed: no new print, batch or paper signature over it', async () => {
    const { core } = fixture;
    const { contentHash } = await core.call('contracts.render', { contractId });
    const before = dataTables(fixture);
    for (const [name, input] of [
      ['contracts.markPrinted', { contractId, contentHash }],
      ['contracts.markSigned', { contractId, signedOn: '2026-09-02', scanBase64: 'AAAA' }],
      ['contracts.batchStart', { contractIds: [contractId] }],
    ] as const) {
      const answer = await core.dispatch(name, input);
      expect(answer, name).toMatchObject({
        ok: false,
        error: { code: 'contractStatusNotAllowed' },
      });
    }
    expect(dataTables(fixture)).toEqual(before);
  });

  it("the signed PDF and the CMS are the core's: not brought in as files, not removed", async () => {
    const { core } = fixture;
    const store = core.services.store();
    const { childId } = store.sqlite
      .prepare('SELECT child_id AS childId FROM contracts WHERE id = ?')
      .get(contractId) as { childId: string };
    const before = dataTables(fixture);
    for (const type of ['e_contract', 'e_signature'] as const) {
      const imported = await core.dispatch('documents.import', {
        childId,
        type,
        title: 'signature',
        contentBase64: Buffer.from('%PDF-1.7').toString('base64'),
      });
      expect(imported, type).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    }
    const evidence = store.sqlite
      .prepare(
        'SELECT pdf_document_id AS pdf, cms_document_id AS cms FROM contract_signatures WHERE contract_id = ?',
      )
      .get(contractId) as { pdf: string; cms: string };
    for (const documentId of [evidence.pdf, evidence.cms]) {
      const removed = await core.dispatch('documents.remove', { documentId, reason: 'duplicate' });
      expect(removed).toMatchObject({ ok: false, error: { code: 'documentInUse' } });
    }
    expect(dataTables(fixture)).toEqual(before);
  });

  it('verifies files brought from outside and names what is wrong with a tampered one', async () => {
    const { core } = fixture;
    const files = await core.call('contracts.signedFiles', { contractId });
    const ok = await core.call('contracts.verifySignedFiles', {
      pdfBase64: files.pdfBase64,
      cmsBase64: files.cmsBase64,
    });
    expect(ok.check.valid).toBe(true);
    expect(ok.contractNumber).toBe(files.number);

    const pdf = Buffer.from(files.pdfBase64, 'base64');
    const middle = Math.floor(pdf.length / 2);
    pdf[middle] = pdf[middle]! ^ 0x01;
    const changedPdf = await core.call('contracts.verifySignedFiles', {
      pdfBase64: pdf.toString('base64'),
      cmsBase64: files.cmsBase64,
    });
    expect(changedPdf.check).toMatchObject({ valid: false });
    expect(changedPdf.check.failures[0]).toBe('contentMismatch');

    const cms = Buffer.from(files.cmsBase64, 'base64');
    // Inside the signature value, the last field of SignerInfo.
    cms[cms.length - 10] = cms[cms.length - 10]! ^ 0x01;
    const changedCms = await core.call('contracts.verifySignedFiles', {
      pdfBase64: files.pdfBase64,
      cmsBase64: cms.toString('base64'),
    });
    expect(changedCms.check.valid).toBe(false);
    expect(changedCms.check.failures[0]).toBe('signatureInvalid');

    const notCms = await core.call('contracts.verifySignedFiles', {
      pdfBase64: files.pdfBase64,
      cmsBase64: Buffer.from('not a signature').toString('base64'),
    });
    expect(notCms.check.failures).toEqual(['cmsMalformed']);
  });

  it('only the director signs; an accountant may check signatures', async () => {
    const { core } = fixture;
    await addStaff(core, {
      login: 'accountant1',
      displayName: 'Бухгалтер',
      role: 'accountant',
      password: 'accountant-pass-1',
    });
    await core.call('auth.signOut', undefined);
    await core.call('auth.signIn', { login: 'accountant1', password: 'accountant-pass-1' });
    const refused = await core.dispatch('contracts.signElectronically', { contractId: secondId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'permissionDenied' } });
    const files = await core.dispatch('contracts.signedFiles', { contractId });
    expect(files).toMatchObject({ ok: false, error: { code: 'permissionDenied' } });
    expect((await core.call('contracts.signatures', { contractId })).state).toBe('director');
    await core.call('auth.signOut', undefined);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  });

  it('NCALayer not running: ncalayerNotRunning, nothing stored', async () => {
    const before = dataTables(fixture);
    await double.stop();
    const answer = await fixture.core.dispatch('contracts.signElectronically', {
      contractId: secondId,
    });
    expect(answer).toEqual({ ok: false, error: { code: 'ncalayerNotRunning', params: {} } });
    expect(dataTables(fixture)).toEqual(before);
    await expect(
      signWithNcaLayer(new Uint8Array([1]), { url: double.url, locale: 'ru' }),
    ).rejects.toMatchObject({ code: 'ncalayerNotRunning' });
  });

  it('verify-contract --signature: signer, certificate and revocation; a changed PDF fails with its reason', async () => {
    const files = await fixture.core.call('contracts.signedFiles', { contractId });
    const pdfPath = join(root, 'signed.pdf');
    const cmsPath = join(root, 'signed.cms');
    const changedPath = join(root, 'changed.pdf');
    const pdf = Buffer.from(files.pdfBase64, 'base64');
    writeFileSync(pdfPath, pdf);
    writeFileSync(cmsPath, Buffer.from(files.cmsBase64, 'base64'));
    const changed = Buffer.from(pdf);
    const at = Math.floor(changed.length / 2);
    changed[at] = changed[at]! ^ 0x01;
    writeFileSync(changedPath, changed);
    fixture.core.close();
    const env = {
      BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const data = ['--data', fixture.dataDir];
    const ok = await runCli(['verify-contract', ...data, pdfPath, '--signature', cmsPath], env);
    expect(ok.stdout).toContain(`signer: ${double.director.name}, IIN ${double.director.iin}`);
    expect(ok.stdout).toMatch(/certificate until \d{4}-\d{2}-\d{2}/);
    // The double (and its CRL) is stopped: offline.
    expect(ok.stdout).toContain('revocation: not checked');
    expect(ok.stdout).toContain('signature: valid');
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runCli(
      ['verify-contract', ...data, changedPath, '--signature', cmsPath],
      env,
    );
    expect(bad.stdout).toContain('signature: NOT valid');
    expect(bad.stdout).toContain('[contentMismatch]');
    expect(bad.code).toBe(1);
  });

  it('a GOST signature (maths not checked) never makes a contract signed by both', () => {
    const director = { party: 'director' as const, valid: true, cryptoVerified: false };
    const parent = { party: 'representative' as const, valid: true, cryptoVerified: true };
    expect(eSignatureState([director, parent])).toBe('both');
    expect(eSignatureState([director, { ...parent, cryptoVerified: false }])).toBe('director');
    expect(eSignatureState([director, { ...parent, valid: false }])).toBe('director');
    expect(eSignatureState([])).toBe('none');
  });
});
