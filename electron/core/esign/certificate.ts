import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Facts read from X.509 certificates as Kazakhstan's national certification centre issues them. */

export const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** A copy of the bytes as a plain ArrayBuffer (what WebCrypto and asn1js take). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export type KeyAlgorithm = 'rsa' | 'ecdsa' | 'gost' | 'unknown';

/** GOST families: Kazakhstan's own (1.2.398.3.10.*) and Russia's GOST R 34.10 (1.2.643.*). */
export function isGostOid(oid: string): boolean {
  return oid.startsWith('1.2.398.3.10.') || oid.startsWith('1.2.643.');
}

export function keyAlgorithm(cert: pkijs.Certificate): KeyAlgorithm {
  const oid = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (oid === OID.rsaEncryption || oid === OID.rsaPss) return 'rsa';
  if (oid === OID.ecPublicKey) return 'ecdsa';
  if (isGostOid(oid) || isGostOid(cert.signatureAlgorithm.algorithmId)) return 'gost';
  return 'unknown';
}

function attributeText(value: unknown): string {
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const block = (value as { valueBlock: { value?: unknown } }).valueBlock;
    if (typeof block.value === 'string') return block.value;
  }
  return '';
}

/** The values of one attribute type in a name (issuer or subject), in order. */
export function nameValues(name: pkijs.RelativeDistinguishedNames, oid: string): string[] {
  return name.typesAndValues.filter((tv) => tv.type === oid).map((tv) => attributeText(tv.value));
}

const SHORT: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SURNAME',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.country]: 'C',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.givenName]: 'G',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'E',
};

export function nameString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${SHORT[tv.type] ?? tv.type}=${attributeText(tv.value)}`)
    .join(', ');
}

/** CN, else the whole name as a string. */
export function commonName(name: pkijs.RelativeDistinguishedNames): string {
  return nameValues(name, OID.commonName)[0] ?? nameString(name);
}

/** IIN from SERIALNUMBER "IIN123456789012" (the KZ convention), else null. */
export function iinOf(cert: pkijs.Certificate): string | null {
  for (const value of nameValues(cert.subject, OID.serialNumber)) {
    const m = /^IIN(\d{12})$/.exec(value.trim());
    if (m) return m[1] ?? null;
  }
  return null;
}

/** BIN from OU "BIN123456789012" (legal entities' employees), else null. */
export function binOf(cert: pkijs.Certificate): string | null {
  for (const value of nameValues(cert.subject, OID.organizationalUnit)) {
    const m = /^BIN(\d{12})$/.exec(value.trim());
    if (m) return m[1] ?? null;
  }
  return null;
}

export function serialHex(cert: pkijs.Certificate): string {
  return Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
}

export function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

/** keyUsage bits (RFC 5280): 0 digitalSignature, 1 nonRepudiation, 2 keyEncipherment, … */
export function keyUsageBits(cert: pkijs.Certificate): Set<number> | null {
  const ext = extension(cert, OID.keyUsage);
  if (!ext) return null;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.BitString)) return null;
  const bytes = parsed.result.valueBlock.valueHexView;
  const bits = new Set<number>();
  bytes.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if (byte & (0x80 >> b)) bits.add(i * 8 + b);
  });
  return bits;
}

/** A key made for legally binding signatures: keyUsage has nonRepudiation (KZ "RSA/GOST sign" keys). */
export function isSigningKey(cert: pkijs.Certificate): boolean {
  return keyUsageBits(cert)?.has(1) ?? false;
}

/**
 * May this certificate issue others? basicConstraints cA = TRUE and, when keyUsage is present,
 * keyCertSign. Without this an ordinary signer's key could "issue" a certificate for anyone.
 */
export function isCaCertificate(cert: pkijs.Certificate): boolean {
  const ext = extension(cert, OID.basicConstraints);
  if (!ext) return false;
  try {
    const constraints = new pkijs.BasicConstraints({
      schema: asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result,
    });
    if (!constraints.cA) return false;
  } catch {
    return false;
  }
  const usage = keyUsageBits(cert);
  return usage === null || usage.has(5);
}

/** http(s)/ldap URIs of the certificate's CRL distribution points (or freshest-CRL points). */
export function crlUrls(
  cert: pkijs.Certificate,
  oid: string = OID.crlDistributionPoints,
): string[] {
  const ext = extension(cert, oid);
  if (!ext) return [];
  try {
    const points = new pkijs.CRLDistributionPoints({
      schema: asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result,
    });
    const urls: string[] = [];
    for (const point of points.distributionPoints) {
      const names = point.distributionPoint;
      if (!Array.isArray(names)) continue;
      for (const general of names) if (general.type === 6) urls.push(String(general.value));
    }
    return urls;
  } catch {
    return [];
  }
}

function keyIdentifier(cert: pkijs.Certificate, oid: string): string | null {
  const ext = extension(cert, oid);
  if (!ext) return null;
  try {
    const inner = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result;
    if (oid === OID.subjectKeyIdentifier && inner instanceof asn1js.OctetString) {
      return Buffer.from(inner.valueBlock.valueHexView).toString('hex');
    }
    if (oid === OID.authorityKeyIdentifier) {
      const aki = new pkijs.AuthorityKeyIdentifier({ schema: inner });
      return aki.keyIdentifier
        ? Buffer.from(aki.keyIdentifier.valueBlock.valueHexView).toString('hex')
        : null;
    }
  } catch {
    return null;
  }
  return null;
}

export function subjectKeyId(cert: pkijs.Certificate): string | null {
  return keyIdentifier(cert, OID.subjectKeyIdentifier);
}

export function authorityKeyId(cert: pkijs.Certificate): string | null {
  return keyIdentifier(cert, OID.authorityKeyIdentifier);
}

/** `issuer` could have issued `cert` by names (and by key identifiers when both are present). */
export function namesChain(cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  if (!cert.issuer.isEqual(issuer.subject)) return false;
  const aki = authorityKeyId(cert);
  const ski = subjectKeyId(issuer);
  return !aki || !ski || aki === ski;
}

export function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return Buffer.from(a.toSchema().toBER()).equals(Buffer.from(b.toSchema().toBER()));
}

export function isValidAt(cert: pkijs.Certificate, at: Date): boolean {
  return (
    cert.notBefore.value.getTime() <= at.getTime() && at.getTime() <= cert.notAfter.value.getTime()
  );
}
