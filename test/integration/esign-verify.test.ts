import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  loadTrustRoots,
  trustRootsFrom,
  type TrustRoots,
} from '../../electron/core/esign/trust-roots';
import { verifyDetachedSignature } from '../../electron/core/esign/verify';
import {
  startNcaLayerDouble,
  type DoubleMode,
  type NcaLayerDoubleInternals,
} from '../ncalayer-double/index';
import { tempFolder } from '../helpers/temp';
import { signDetached, TestCa } from '../ncalayer-double/ca';

/** One exchange with the double as NCALayer's web clients do it: greeting, request, answer. */
async function askDouble(
  url: string,
  request: unknown,
): Promise<{ greeting: unknown; reply: unknown }> {
  const socket = new WebSocket(url, { rejectUnauthorized: false });
  const messages: unknown[] = [];
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      if (messages.length === 1) socket.send(JSON.stringify(request));
      else {
        socket.close();
        resolve({ greeting: messages[0], reply: messages[1] });
      }
    });
  });
}

function signRequest(content: Uint8Array) {
  return {
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: ['PKCS12', 'AKKaztokenStore'],
      format: 'cms',
      data: Buffer.from(content).toString('base64'),
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], chain: [] },
      locale: 'kk',
    },
  };
}

const pdf = new TextEncoder().encode(
  '%PDF-1.7\n% a contract\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n',
);

describe('NCALayer double + verifyDetachedSignature', () => {
  let double: NcaLayerDoubleInternals;
  let roots: TrustRoots;
  const savedEnv = process.env.BALABAQSHA_TEST_PKI_ROOTS;

  beforeAll(async () => {
    double = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-') });
    process.env.BALABAQSHA_TEST_PKI_ROOTS = double.rootPemPath;
    roots = loadTrustRoots();
  });
  afterAll(async () => {
    if (savedEnv === undefined) delete process.env.BALABAQSHA_TEST_PKI_ROOTS;
    else process.env.BALABAQSHA_TEST_PKI_ROOTS = savedEnv;
    await double.stop();
  });

  async function signOverSocket(mode: DoubleMode): Promise<Uint8Array> {
    double.setMode(mode);
    const { greeting, reply } = await askDouble(double.url, signRequest(pdf));
    expect(greeting).toEqual({ result: { version: '1.4' } });
    const body = reply as { status: boolean; body: { result: string[] } };
    expect(body.status).toBe(true);
    expect(body.body.result).toHaveLength(1);
    return new Uint8Array(Buffer.from(body.body.result[0] ?? '', 'base64'));
  }

  it('signs over the socket; the CMS verifies with the signer, chain and CRL', async () => {
    const before = double.requests.length;
    const cms = await signOverSocket('sign');
    expect(double.requests.slice(before)).toEqual([signRequest(pdf)]);
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check).toMatchObject({
      valid: true,
      failures: [],
      algorithm: 'rsa',
      cryptoVerified: true,
      revocation: 'good',
      signer: {
        name: double.director.name,
        iin: double.director.iin,
        bin: '120340012345',
        issuer: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ТЕСТ (RSA)',
      },
    });
    expect(Math.abs(Date.parse(check.signedAt ?? '') - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(check.signer?.notAfter ?? '')).toBeGreaterThan(Date.now());
  });

  it('cancel answers USER_CANCELED and signs nothing', async () => {
    double.setMode('cancel');
    const { reply } = await askDouble(double.url, signRequest(pdf));
    expect(reply).toMatchObject({ status: false, code: 'USER_CANCELED' });
  });

  it('an unknown module or a non-cms format is refused', async () => {
    double.setMode('sign');
    const { reply } = await askDouble(double.url, {
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'sign',
    });
    expect(reply).toMatchObject({ status: false, code: 'MODULE_NOT_FOUND' });
  });

  it.each([
    ['wrongKey', 'wrongKeyType'],
    ['expired', 'certificateExpired'],
    ['brokenSignature', 'signatureInvalid'],
    ['revoked', 'certificateRevoked'],
  ] as const)('mode %s → %s', async (mode, failure) => {
    const cms = await signOverSocket(mode);
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check.valid).toBe(false);
    expect(check.failures).toEqual([failure]);
    expect(check.signer?.iin).toBe(double.director.iin);
  });

  it('one changed byte of the PDF → contentMismatch', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    for (const at of [0, pdf.length >> 1, pdf.length - 1]) {
      const tampered = pdf.slice();
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      const check = await verifyDetachedSignature(tampered, cms, { roots, checkRevocation: false });
      expect(check.failures).toEqual(['contentMismatch']);
      expect(check.valid).toBe(false);
    }
  });

  it('one changed byte in the CMS signature value → signatureInvalid', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    // The RSA signature value is the last 256 bytes of the CMS (no unsigned attributes).
    const tampered = cms.slice();
    const at = tampered.length - 100;
    tampered[at] = (tampered[at] ?? 0) ^ 0x80;
    const check = await verifyDetachedSignature(pdf, tampered, { roots, checkRevocation: false });
    expect(check.failures).toEqual(['signatureInvalid']);
  });

  it('garbage, truncation or an empty file → cmsMalformed', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    for (const bad of [new Uint8Array(), pdf, cms.slice(0, cms.length >> 1)]) {
      const check = await verifyDetachedSignature(pdf, bad, { roots, checkRevocation: false });
      expect(check).toMatchObject({ valid: false, failures: ['cmsMalformed'], signer: null });
    }
  });

  it('without the test root (or with another CA as root) → certificateUntrusted', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    const none = await verifyDetachedSignature(pdf, cms, {
      roots: trustRootsFrom([]),
      checkRevocation: false,
    });
    expect(none.failures).toEqual(['certificateUntrusted']);
    const other = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-other-') });
    try {
      const foreign = trustRootsFrom([readFileSync(other.rootPemPath)]);
      const check = await verifyDetachedSignature(pdf, cms, {
        roots: foreign,
        checkRevocation: true,
      });
      expect(check.failures).toEqual(['certificateUntrusted']);
      expect(check.revocation).toBe('notChecked');
    } finally {
      await other.stop();
    }
  });

  it('CRL unreachable → revocation notChecked, still valid; revoked cert without CRL → notChecked', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    const revoked = await double.signWithMode(pdf, 'revoked');
    double.setCrlAvailable(false);
    try {
      const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
      expect(check).toMatchObject({ valid: true, revocation: 'notChecked' });
      const unknown = await verifyDetachedSignature(pdf, revoked, { roots, checkRevocation: true });
      expect(unknown).toMatchObject({ valid: true, revocation: 'notChecked' });
    } finally {
      double.setCrlAvailable(true);
    }
  });

  it('checkRevocation false → notChecked, no request', async () => {
    const revoked = await double.signWithMode(pdf, 'revoked');
    const check = await verifyDetachedSignature(pdf, revoked, { roots, checkRevocation: false });
    expect(check).toMatchObject({ valid: true, revocation: 'notChecked' });
  });

  it('expired judged at signing time: a later `now` does not expire a signature made in time', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    const later = new Date(Date.now() + 5 * 365 * 86_400_000);
    const check = await verifyDetachedSignature(pdf, cms, {
      roots,
      checkRevocation: false,
      now: later,
    });
    expect(check.valid).toBe(true);
  });

  it('a representative signs with a certificate from the same CA', async () => {
    const cms = await double.signAsRepresentative(pdf, {
      surname: 'НҰРЛАНОВА',
      givenName: 'ДАНА',
      iin: '881112407899',
    });
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check).toMatchObject({
      valid: true,
      signer: { name: 'НҰРЛАНОВА ДАНА', iin: '881112407899', bin: null },
    });
  });

  it('POST /mode switches the mode; after stop the port refuses connections', async () => {
    const response = await fetch(double.modeUrl, {
      method: 'POST',
      body: JSON.stringify({ mode: 'cancel' }),
    });
    expect(response.status).toBe(200);
    expect(double.mode()).toBe('cancel');
    const bad = await fetch(double.modeUrl, {
      method: 'POST',
      body: JSON.stringify({ mode: 'nope' }),
    });
    expect(bad.status).toBe(400);
    double.setMode('sign');
    const stopped = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-stop-') });
    await stopped.stop();
    await expect(askDouble(stopped.url, signRequest(pdf))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

describe('CRL revocation: only a CRL signed by the issuer counts', () => {
  let double: NcaLayerDoubleInternals;
  let roots: TrustRoots;

  beforeAll(async () => {
    double = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-crl-') });
    roots = trustRootsFrom([readFileSync(double.rootPemPath)]);
  });
  afterAll(async () => {
    double.serveCrl(null);
    await double.stop();
  });

  it('a CRL with the issuer name listing the signer but signed by another key → notChecked, not revoked', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    double.serveCrl(await double.makeCrl([double.serialFor('sign')], { foreignKey: true }));
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check).toMatchObject({ valid: true, revocation: 'notChecked' });
    double.serveCrl(await double.makeCrl([double.serialFor('sign')]));
    const revoked = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(revoked).toMatchObject({
      valid: false,
      failures: ['certificateRevoked'],
      revocation: 'revoked',
    });
  });

  it('a stale CRL still proves revocation but not that a certificate is good', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    double.serveCrl(await double.makeCrl([double.serialFor('revoked')], { stale: true }));
    const good = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(good.revocation).toBe('notChecked');
    const revokedCms = await double.signWithMode(pdf, 'revoked');
    const revoked = await verifyDetachedSignature(pdf, revokedCms, {
      roots,
      checkRevocation: true,
    });
    expect(revoked.revocation).toBe('revoked');
  });

  it('garbage at the CRL URL, or a server that never answers (5 s timeout) → notChecked', async () => {
    const cms = await double.signWithMode(pdf, 'sign');
    double.serveCrl(new TextEncoder().encode('not a CRL'));
    expect(
      (await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true })).revocation,
    ).toBe('notChecked');
    double.serveCrl('hang');
    const started = Date.now();
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check).toMatchObject({ valid: true, revocation: 'notChecked' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    expect(Date.now() - started).toBeLessThan(15_000);
    double.serveCrl(null);
  });

  it('the double stopped (no network) → notChecked', async () => {
    const cms = await double.signWithMode(pdf, 'revoked');
    const other = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-gone-') });
    const otherRoots = trustRootsFrom([readFileSync(other.rootPemPath)]);
    const otherCms = await other.signWithMode(pdf, 'revoked');
    await other.stop();
    const check = await verifyDetachedSignature(pdf, otherCms, {
      roots: otherRoots,
      checkRevocation: true,
    });
    expect(check).toMatchObject({ valid: true, revocation: 'notChecked' });
    expect(
      (await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true })).revocation,
    ).toBe('revoked');
  });
});

describe('trust roots from files', () => {
  it('reads PEM with several blocks and DER, and skips what is not a certificate', async () => {
    const double = await startNcaLayerDouble({ dir: tempFolder('bq-ncalayer-pem-') });
    try {
      const rootPem = readFileSync(double.rootPemPath, 'utf8');
      const der = Buffer.from(rootPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      expect(
        trustRootsFrom([new TextEncoder().encode(rootPem + double.issuingPem)]).certificates,
      ).toHaveLength(2);
      expect(trustRootsFrom([der, new TextEncoder().encode('hello')]).certificates).toHaveLength(1);
      const cms = await double.signWithMode(pdf, 'sign');
      const viaDer = await verifyDetachedSignature(pdf, cms, {
        roots: trustRootsFrom([der]),
        checkRevocation: false,
      });
      expect(viaDer.valid).toBe(true);
      // The issuing CA alone is a trust anchor too (an intermediate shipped among the roots).
      const viaIssuing = await verifyDetachedSignature(pdf, cms, {
        roots: trustRootsFrom([new TextEncoder().encode(double.issuingPem)]),
        checkRevocation: false,
      });
      expect(viaIssuing.valid).toBe(true);
    } finally {
      await double.stop();
    }
  });
});

describe('chain building', () => {
  it('an ordinary signer cannot issue certificates: a chain through a non-CA key is untrusted', async () => {
    const ca = await TestCa.create('http://127.0.0.1:9/crl');
    const roots = trustRootsFrom([new TextEncoder().encode(ca.root.certificate.toString('pem'))]);
    const director = await ca.issue({
      person: { surname: 'ДИРЕКТОР', givenName: 'ТЕСТ', iin: '850314401236' },
      kind: 'sign',
    });
    const forged = await ca.issue(
      { person: { surname: 'СЕРІКБАЕВ', givenName: 'АРМАН', iin: '900702304562' }, kind: 'sign' },
      director,
    );
    const chain = [director.certificate, ca.issuing.certificate];
    const genuine = await verifyDetachedSignature(
      pdf,
      await signDetached(pdf, director, { chain: [ca.issuing.certificate] }),
      {
        roots,
        checkRevocation: false,
      },
    );
    expect(genuine.valid).toBe(true);
    const check = await verifyDetachedSignature(pdf, await signDetached(pdf, forged, { chain }), {
      roots,
      checkRevocation: false,
    });
    expect(check.failures).toEqual(['certificateUntrusted']);
    expect(check.signer?.iin).toBe('900702304562');
  });
});
