import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { trustRootsFrom } from '../../electron/core/esign/trust-roots';
import { verifyDetachedSignature } from '../../electron/core/esign/verify';

/**
 * GOST honesty: Node has no GOST algorithms, so a CMS by a GOST key (KZ GOST 34.10-2015 512,
 * OIDs 1.2.398.3.10.*) is parsed and its certificate facts and name chain are reported, with
 * cryptoVerified false. The structures below are GOST-shaped but their key, signature and
 * digest bytes are random — exactly what the verifier cannot tell apart, which the last test
 * pins down so nobody mistakes a GOST "valid" for a proof.
 */
const GOST_SIGNATURE = '1.2.398.3.10.1.1.2.3.2'; // GOST 34.10-2015 512 with GOST 34.11-2015
const GOST_KEY = '1.2.398.3.10.1.1.2.2'; // GOST 34.10-2015 512 public key
const GOST_DIGEST = '1.2.398.3.10.1.3.2'; // GOST 34.11-2015 512
const DAY = 86_400_000;

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

function name(cn: string, extra: Array<[string, string]> = []): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      ['2.5.4.3', cn] as [string, string],
      ...extra,
      ['2.5.4.6', 'KZ'] as [string, string],
    ].map(
      ([type, value]) =>
        new pkijs.AttributeTypeAndValue({
          type,
          value:
            type === '2.5.4.6' || type === '2.5.4.5'
              ? new asn1js.PrintableString({ value })
              : new asn1js.Utf8String({ value }),
        }),
    ),
  });
}

function keyUsage(bits: number): pkijs.Extension {
  return new pkijs.Extension({
    extnID: '2.5.29.15',
    critical: true,
    extnValue: new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits: 1 }).toBER(
      false,
    ),
  });
}

function basicConstraintsCa(): pkijs.Extension {
  return new pkijs.Extension({
    extnID: '2.5.29.19',
    critical: true,
    extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false),
  });
}

function gostCertificate(options: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  usage: number;
  notBefore?: Date;
  notAfter?: Date;
  /** An RSA key (rsaEncryption) in an otherwise GOST-looking certificate. */
  rsaKey?: boolean;
}): pkijs.Certificate {
  const serial = random(20);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    signature: new pkijs.AlgorithmIdentifier({ algorithmId: GOST_SIGNATURE }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: GOST_SIGNATURE }),
    issuer: options.issuer,
    subject: options.subject,
    subjectPublicKeyInfo: new pkijs.PublicKeyInfo({
      algorithm: options.rsaKey
        ? new pkijs.AlgorithmIdentifier({
            algorithmId: '1.2.840.113549.1.1.1',
            algorithmParams: new asn1js.Null(),
          })
        : new pkijs.AlgorithmIdentifier({
            algorithmId: GOST_KEY,
            algorithmParams: new asn1js.Sequence({
              value: [new asn1js.ObjectIdentifier({ value: '1.2.398.3.10.1.1.2.2.1' })],
            }),
          }),
      subjectPublicKey: new asn1js.BitString({
        valueHex: new asn1js.OctetString({ valueHex: random(128) }).toBER(false),
      }),
    }),
    extensions:
      options.usage & 0x04
        ? [keyUsage(options.usage), basicConstraintsCa()]
        : [keyUsage(options.usage)],
    signatureValue: new asn1js.BitString({ valueHex: random(128) }),
  });
  cert.notBefore.value = options.notBefore ?? new Date(Date.now() - 30 * DAY);
  cert.notAfter.value = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  return pkijs.Certificate.fromBER(cert.toSchema(true).toBER(false));
}

function gostCms(
  signer: pkijs.Certificate,
  chain: pkijs.Certificate[],
  signingTime = new Date(),
): Uint8Array {
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: GOST_DIGEST })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    certificates: [signer, ...chain],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signer.issuer,
          serialNumber: signer.serialNumber,
        }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: GOST_DIGEST }),
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: GOST_SIGNATURE }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.3',
              values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.5',
              values: [new asn1js.UTCTime({ valueDate: signingTime })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.4',
              values: [new asn1js.OctetString({ valueHex: random(64) })],
            }),
          ],
        }),
        signature: new asn1js.OctetString({ valueHex: random(128) }),
      }),
    ],
  });
  const info = new pkijs.ContentInfo({
    contentType: '1.2.840.113549.1.7.2',
    content: signed.toSchema(true),
  });
  return new Uint8Array(info.toSchema().toBER(false));
}

const SIGN = 0x80 | 0x40; // digitalSignature + nonRepudiation
const AUTH = 0x80 | 0x20; // digitalSignature + keyEncipherment
const CA = 0x04 | 0x02; // keyCertSign + cRLSign

describe('GOST signatures: reported honestly, not proved', () => {
  const rootName = name('НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) ТЕСТ');
  const ncaName = name('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) ТЕСТ');
  const root = gostCertificate({ subject: rootName, issuer: rootName, usage: CA });
  const nca = gostCertificate({ subject: ncaName, issuer: rootName, usage: CA });
  const directorName = name('ӘБІЛҚАЙЫРОВА ГҮЛНАР', [
    ['2.5.4.4', 'ӘБІЛҚАЙЫРОВА'],
    ['2.5.4.5', 'IIN850314401236'],
    ['2.5.4.11', 'BIN120340012345'],
  ]);
  const signer = gostCertificate({ subject: directorName, issuer: ncaName, usage: SIGN });
  const roots = trustRootsFrom([new Uint8Array(root.toSchema().toBER(false))]);
  const pdf = new TextEncoder().encode('%PDF-1.7 GOST');

  it('reads the signer, checks the name chain and validity; cryptoVerified false, revocation not checked', async () => {
    const check = await verifyDetachedSignature(pdf, gostCms(signer, [nca]), {
      roots,
      checkRevocation: true,
    });
    expect(check).toMatchObject({
      valid: true,
      failures: [],
      algorithm: 'gost',
      cryptoVerified: false,
      revocation: 'notChecked',
      signer: {
        name: 'ӘБІЛҚАЙЫРОВА ГҮЛНАР',
        iin: '850314401236',
        bin: '120340012345',
        issuer: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) ТЕСТ',
      },
    });
  });

  it('an RSA key dressed in GOST digest and signature OIDs is not let off the computed checks', async () => {
    const rsaSigner = gostCertificate({
      subject: directorName,
      issuer: ncaName,
      usage: SIGN,
      rsaKey: true,
    });
    const check = await verifyDetachedSignature(pdf, gostCms(rsaSigner, [nca]), {
      roots,
      checkRevocation: false,
    });
    expect(check).toMatchObject({ valid: false, algorithm: 'rsa' });
    expect(check.failures).toContain('cmsMalformed');
  });

  it('no name chain to a trusted root → certificateUntrusted', async () => {
    const check = await verifyDetachedSignature(pdf, gostCms(signer, []), {
      roots,
      checkRevocation: false,
    });
    expect(check.failures).toEqual(['certificateUntrusted']);
    const none = await verifyDetachedSignature(pdf, gostCms(signer, [nca]), {
      roots: trustRootsFrom([]),
      checkRevocation: false,
    });
    expect(none.failures).toEqual(['certificateUntrusted']);
  });

  it('a certificate "issued" by an end-entity key (not a CA) is not chained', async () => {
    const forged = gostCertificate({
      subject: name('ЖАЛҒАН АДАМ'),
      issuer: directorName,
      usage: SIGN,
    });
    const check = await verifyDetachedSignature(pdf, gostCms(forged, [signer, nca]), {
      roots,
      checkRevocation: false,
    });
    expect(check.failures).toEqual(['certificateUntrusted']);
  });

  it('expired at the signing time and AUTH keys are still caught', async () => {
    const expired = gostCertificate({
      subject: directorName,
      issuer: ncaName,
      usage: SIGN,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 10 * DAY),
    });
    const auth = gostCertificate({ subject: directorName, issuer: ncaName, usage: AUTH });
    expect(
      (
        await verifyDetachedSignature(pdf, gostCms(expired, [nca]), {
          roots,
          checkRevocation: false,
        })
      ).failures,
    ).toEqual(['certificateExpired']);
    expect(
      (await verifyDetachedSignature(pdf, gostCms(auth, [nca]), { roots, checkRevocation: false }))
        .failures,
    ).toEqual(['wrongKeyType']);
  });

  it('LIMITATION, pinned: the PDF bytes and the signature maths are NOT checked for GOST', async () => {
    // Random digest and signature bytes, any content: still "valid" — only cryptoVerified: false
    // tells the caller that nothing was proved.
    const other = new TextEncoder().encode('a different PDF');
    const check = await verifyDetachedSignature(other, gostCms(signer, [nca]), {
      roots,
      checkRevocation: false,
    });
    expect(check.valid).toBe(true);
    expect(check.cryptoVerified).toBe(false);
  });
});
