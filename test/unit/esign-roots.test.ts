import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commonName,
  isGostOid,
  keyAlgorithm,
  namesChain,
} from '../../electron/core/esign/certificate';
import {
  certificateBytes,
  loadTrustRoots,
  parseCertificate,
  rootsDir,
  shippedRootFiles,
} from '../../electron/core/esign/trust-roots';
import { cryptoEngine } from '../../electron/core/esign/verify';

/**
 * The national roots shipped under resources/pki/roots: each one parses; RSA ones carry a
 * valid self-signature (or are signed by another shipped certificate); GOST ones are at least
 * well-formed. SOURCE.md names every shipped file with its fingerprint.
 */
describe('shipped national trust roots', () => {
  const files = shippedRootFiles();
  const source = readFileSync(join(rootsDir(), 'SOURCE.md'), 'utf8');
  const all = files.flatMap((file) =>
    certificateBytes(new Uint8Array(readFileSync(file))).map((der) => ({
      file,
      der,
      cert: parseCertificate(der),
    })),
  );

  it('SOURCE.md exists and says how to add the official certificates', () => {
    expect(source).toContain('https://pki.gov.kz/cert/');
    expect(source).toMatch(/## How to add them/);
  });

  it('every shipped file is listed in SOURCE.md with its SHA-256', async () => {
    for (const { file, der } of all) {
      const sha = Buffer.from(
        await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(der)),
      ).toString('hex');
      expect(source).toContain(basename(file));
      expect(source.toLowerCase().replace(/:/g, '')).toContain(sha);
    }
  });

  it('RSA certificates verify (self-signed or by another shipped one); GOST ones are well-formed', async () => {
    for (const { cert } of all) {
      const algorithm = keyAlgorithm(cert);
      if (algorithm === 'gost') {
        expect(isGostOid(cert.signatureAlgorithm.algorithmId)).toBe(true);
        expect(commonName(cert.subject).length).toBeGreaterThan(0);
        expect(cert.notAfter.value.getTime()).toBeGreaterThan(cert.notBefore.value.getTime());
        continue;
      }
      expect(algorithm).toBe('rsa');
      const issuers = all.map((a) => a.cert).filter((candidate) => namesChain(cert, candidate));
      expect(issuers.length, commonName(cert.subject)).toBeGreaterThan(0);
      const verified = await Promise.all(
        issuers.map((issuer) => cert.verify(issuer, cryptoEngine())),
      );
      expect(verified).toContain(true);
    }
  });

  it('loadTrustRoots holds exactly the shipped certificates when no test root is set', () => {
    const saved = process.env.BALABAQSHA_TEST_PKI_ROOTS;
    delete process.env.BALABAQSHA_TEST_PKI_ROOTS;
    try {
      expect(loadTrustRoots().certificates).toHaveLength(all.length);
    } finally {
      if (saved !== undefined) process.env.BALABAQSHA_TEST_PKI_ROOTS = saved;
    }
  });
});
