import './reflect-polyfill';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * A test certification centre shaped like Kazakhstan's: a root ("test КУЦ"), an issuing CA
 * ("test НУЦ (RSA)") and end-entity certificates with KZ subjects. RSA 2048 keys made at
 * start with Node's WebCrypto; nothing here is a real national certificate.
 */

const subtle = globalThis.crypto.subtle;
x509.cryptoProvider.set(globalThis.crypto);

const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface Person {
  surname: string;
  givenName: string;
  iin: string;
}

export interface Issued {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export type KeyKind = 'sign' | 'auth';

export interface CertificateOptions {
  person: Person;
  bin?: string;
  organization?: string;
  kind: KeyKind;
  notBefore?: Date;
  notAfter?: Date;
  /** Reuse a key pair (one person's several certificates); a new RSA key otherwise. */
  keys?: CryptoKeyPair;
}

const DAY = 86_400_000;
let serialCounter = 0;

function serial(): string {
  serialCounter += 1;
  const random = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(12))).toString('hex');
  // A positive INTEGER: first nibble 1..7.
  return `4${random}${serialCounter.toString(16).padStart(4, '0')}`;
}

export async function rsaKeys(): Promise<CryptoKeyPair> {
  return subtle.generateKey(RSA, true, ['sign', 'verify']);
}

function subjectOf(options: CertificateOptions): x509.JsonName {
  const { person } = options;
  const name: x509.JsonName = [
    { '2.5.4.3': [`${person.surname} ${person.givenName}`] },
    { '2.5.4.4': [person.surname] },
    { '2.5.4.5': [`IIN${person.iin}`] },
    { '2.5.4.6': ['KZ'] },
  ];
  if (options.organization) name.push({ '2.5.4.10': [options.organization] });
  if (options.bin) name.push({ '2.5.4.11': [`BIN${options.bin}`] });
  name.push({ '2.5.4.42': [person.givenName] });
  return name;
}

export class TestCa {
  private constructor(
    readonly root: Issued,
    readonly issuing: Issued,
    readonly crlUrl: string,
  ) {}

  static async create(crlUrl: string): Promise<TestCa> {
    const now = Date.now();
    const rootKeys = await rsaKeys();
    const rootName: x509.JsonName = [
      { '2.5.4.3': ['ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ТЕСТ ТҮБІРІ (RSA)'] },
      { '2.5.4.6': ['KZ'] },
    ];
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: rootName,
      notBefore: new Date(now - 365 * DAY),
      notAfter: new Date(now + 10 * 365 * DAY),
      keys: rootKeys,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    const issuingKeys = await rsaKeys();
    const issuing = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: [{ '2.5.4.3': ['ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ТЕСТ (RSA)'] }, { '2.5.4.6': ['KZ'] }],
      issuer: root.subject,
      notBefore: new Date(now - 300 * DAY),
      notAfter: new Date(now + 5 * 365 * DAY),
      publicKey: issuingKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    return new TestCa(
      { certificate: root, keys: rootKeys },
      { certificate: issuing, keys: issuingKeys },
      crlUrl,
    );
  }

  /** An end-entity certificate, issued by the test issuing CA (or by `issuer`, to forge chains). */
  async issue(options: CertificateOptions, issuer: Issued = this.issuing): Promise<Issued> {
    const now = Date.now();
    const keys = options.keys ?? (await rsaKeys());
    const usage =
      options.kind === 'sign'
        ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: subjectOf(options),
      issuer: issuer.certificate.subject,
      notBefore: options.notBefore ?? new Date(now - 30 * DAY),
      notAfter: options.notAfter ?? new Date(now + 365 * DAY),
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([
          options.kind === 'sign' ? EKU_EMAIL_PROTECTION : EKU_CLIENT_AUTH,
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
        new x509.CRLDistributionPointsExtension([this.crlUrl]),
      ],
    });
    return { certificate, keys };
  }

  /**
   * The issuing CA's CRL (DER) listing the given serial numbers (hex). `signingKey` other than
   * the issuing CA's makes a CRL with the right name and a wrong signature; `stale` one whose
   * nextUpdate has passed.
   */
  async crl(
    serials: readonly string[],
    options: { signingKey?: CryptoKey; stale?: boolean } = {},
  ): Promise<Uint8Array> {
    const now = Date.now();
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.issuing.certificate.subject,
      thisUpdate: new Date(now - (options.stale ? 14 : 1) * DAY),
      nextUpdate: new Date(now + (options.stale ? -7 : 7) * DAY),
      entries: serials.map((serialNumber) => ({
        serialNumber,
        revocationDate: new Date(now - DAY),
        reason: x509.X509CrlReason.keyCompromise,
      })),
      signingAlgorithm: RSA,
      signingKey: options.signingKey ?? this.issuing.keys.privateKey,
    });
    return new Uint8Array(crl.rawData);
  }
}

export interface SignOptions {
  signingTime?: Date;
  /** Flip one byte of the signature value (the 'brokenSignature' mode). */
  breakSignature?: boolean;
  /** Certificates put into the CMS beside the signer's (the chain up to, not including, the root). */
  chain?: readonly x509.X509Certificate[];
}

/** A detached CMS SignedData over `content`, as NCALayer makes it (decode, not encapsulated). */
export async function signDetached(
  content: Uint8Array,
  signer: Issued,
  options: SignOptions = {},
): Promise<Uint8Array> {
  const engine = new pkijs.CryptoEngine({ name: 'double-webcrypto', crypto: globalThis.crypto });
  const cert = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const chain = (options.chain ?? []).map((c) => pkijs.Certificate.fromBER(c.rawData));
  const digest = await subtle.digest('SHA-256', new Uint8Array(content));
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: cert.issuer,
          serialNumber: cert.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.3',
              values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.5',
              values: [new asn1js.UTCTime({ valueDate: options.signingTime ?? new Date() })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.4',
              values: [new asn1js.OctetString({ valueHex: digest })],
            }),
          ],
        }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  await signed.sign(signer.keys.privateKey, 0, 'SHA-256', undefined, engine);
  const info = signed.signerInfos[0];
  if (options.breakSignature && info) {
    const bytes = new Uint8Array(info.signature.valueBlock.valueHexView);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0x01;
    info.signature = new asn1js.OctetString({ valueHex: bytes });
  }
  const contentInfo = new pkijs.ContentInfo({
    contentType: '1.2.840.113549.1.7.2',
    content: signed.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export function pem(cert: x509.X509Certificate): string {
  return cert.toString('pem');
}
