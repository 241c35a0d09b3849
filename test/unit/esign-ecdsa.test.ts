import '../ncalayer-double/reflect-polyfill';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { trustRootsFrom } from '../../electron/core/esign/trust-roots';
import { verifyDetachedSignature } from '../../electron/core/esign/verify';
import { signDetached } from '../ncalayer-double/ca';

/** ECDSA (P-256) signers go through the same checks as RSA, with the DER signature converted. */
describe('ECDSA signer', () => {
  it('verifies; a changed PDF byte → contentMismatch; a foreign root → certificateUntrusted', async () => {
    x509.cryptoProvider.set(globalThis.crypto);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const rootKeys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=ТЕСТ ECDSA ТҮБІРІ, C=KZ',
      keys: rootKeys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
      ],
    });
    const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.create({
      subject: [{ '2.5.4.3': ['СЕРІКБАЕВ АРМАН'] }, { '2.5.4.5': ['IIN900702304562'] }],
      issuer: root.subject,
      publicKey: keys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: alg,
      extensions: [
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
      ],
    });
    const pdf = new TextEncoder().encode('%PDF-1.7 ecdsa');
    const cms = await signDetached(pdf, { certificate, keys });
    const roots = trustRootsFrom([new TextEncoder().encode(root.toString('pem'))]);
    const check = await verifyDetachedSignature(pdf, cms, { roots, checkRevocation: true });
    expect(check).toMatchObject({
      valid: true,
      algorithm: 'ecdsa',
      cryptoVerified: true,
      revocation: 'notChecked', // no CRL distribution point in this certificate
      signer: { name: 'СЕРІКБАЕВ АРМАН', iin: '900702304562', bin: null },
    });
    const tampered = pdf.slice();
    tampered[3] = (tampered[3] ?? 0) ^ 1;
    expect(
      (await verifyDetachedSignature(tampered, cms, { roots, checkRevocation: false })).failures,
    ).toEqual(['contentMismatch']);
    expect(
      (
        await verifyDetachedSignature(pdf, cms, {
          roots: trustRootsFrom([]),
          checkRevocation: false,
        })
      ).failures,
    ).toEqual(['certificateUntrusted']);
  });
});
