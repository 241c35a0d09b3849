import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  binOf,
  commonName,
  iinOf,
  isCaCertificate,
  isSigningKey,
  isValidAt,
  keyAlgorithm,
  namesChain,
  sameCertificate,
  serialHex,
  subjectKeyId,
  toArrayBuffer,
} from './certificate';
import { checkRevocation } from './revocation';
import type { TrustRoots } from './trust-roots';

/**
 * Verification of a detached CMS (PKCS#7 SignedData) made by NCALayer over a PDF's bytes.
 *
 * What is checked, for RSA and ECDSA signers (cryptoVerified: true):
 *  - the CMS is SignedData with exactly one signer whose certificate is inside it;
 *  - messageDigest (signed attribute) = SHA-x of the given bytes → else contentMismatch;
 *  - the signer's signature over the signed attributes, with the certificate's key → else
 *    signatureInvalid;
 *  - a chain from the signer's certificate through certificates in the CMS to one of the
 *    trust roots, every certificate's signature checked with its issuer's key and every issuer
 *    a CA (basicConstraints cA, keyCertSign) → else certificateUntrusted;
 *  - every certificate of the chain valid at the signing time (signingTime attribute; without
 *    it, now) → else certificateExpired;
 *  - keyUsage has nonRepudiation (a signing key, not an AUTH key) → else wrongKeyType;
 *  - when asked and online: the issuer's CRL, itself signed by the issuer → certificateRevoked.
 *
 * GOST signers (Kazakhstan's GOST 34.310 / 34.311, OIDs 1.2.398.3.10.*, and GOST R 34.10/34.11,
 * 1.2.643.*), cryptoVerified: false — Node's crypto has no GOST algorithms, so here we do NOT
 * check: the messageDigest against the bytes, the signature over the signed attributes, the
 * signatures of the chain's certificates, nor any CRL (revocation: 'notChecked'). We DO check:
 * the CMS structure, the signer's certificate (name, IIN, BIN, serial, validity at signing time,
 * keyUsage) and that its issuer names lead to a trust root (names and key identifiers only).
 * A GOST result with valid: true therefore means "well-formed and plausibly from a national
 * certificate", never "proved": callers show cryptoVerified.
 */

export type SignatureFailure =
  | 'cmsMalformed' // not a CMS SignedData with one signer we can read
  | 'contentMismatch' // messageDigest ≠ digest of the PDF bytes (the PDF was changed)
  | 'signatureInvalid' // the signature over the signed attributes fails (the CMS was changed)
  | 'certificateUntrusted' // no chain up to a trusted root (signatures of the chain checked)
  | 'certificateExpired' // not valid at the signing time (signingTime attr; else now)
  | 'wrongKeyType' // not a signing key: keyUsage lacks nonRepudiation (an AUTH key)
  | 'certificateRevoked' // listed in the issuer's CRL
  // Set by the contract's rules (contracts/e-signature.ts), never by verifyDetachedSignature:
  | 'signingTimeWrong' // the signer's claimed signing time is impossible for this contract
  | 'signerNotRepresentative'; // not the contract's representative who signed

export interface SignerCertificate {
  name: string; // CN (KZ certs: "SURNAME GIVENNAME"), else subject string
  iin: string | null; // from SERIALNUMBER "IIN123456789012"
  bin: string | null; // from OU "BIN123456789012", if any
  serialNumber: string; // hex
  notBefore: string;
  notAfter: string; // ISO
  issuer: string; // issuer CN
}

export interface SignatureCheck {
  valid: boolean; // failures.length === 0
  failures: SignatureFailure[]; // most important first
  signer: SignerCertificate | null;
  signedAt: string | null; // signingTime attribute, ISO
  algorithm: 'rsa' | 'ecdsa' | 'gost' | 'unknown';
  cryptoVerified: boolean; // false for GOST: the signature maths is not checked
  revocation: 'good' | 'revoked' | 'notChecked';
}

const FAILURE_ORDER: readonly SignatureFailure[] = [
  'cmsMalformed',
  'contentMismatch',
  'signatureInvalid',
  'certificateUntrusted',
  'certificateRevoked',
  'certificateExpired',
  'wrongKeyType',
];

const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const MAX_CHAIN = 8;

let engineInstance: pkijs.CryptoEngine | null = null;

/** pkijs over Node's own WebCrypto (no global engine is changed). */
export function cryptoEngine(): pkijs.CryptoEngine {
  engineInstance ??= new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: globalThis.crypto });
  return engineInstance;
}

interface ParsedCms {
  signed: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  signerCert: pkijs.Certificate;
  certificates: pkijs.Certificate[];
}

function parseCms(cms: Uint8Array): ParsedCms | null {
  try {
    const asn = asn1js.fromBER(toArrayBuffer(cms));
    if (asn.offset === -1) return null;
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== ID_SIGNED_DATA) return null;
    const signed = new pkijs.SignedData({ schema: info.content });
    if (signed.signerInfos.length !== 1) return null;
    const signerInfo = signed.signerInfos[0];
    if (!signerInfo) return null;
    const certificates = (signed.certificates ?? []).filter(
      (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
    );
    const sid: unknown = signerInfo.sid;
    const signerCert = certificates.find((cert) => {
      if (sid instanceof pkijs.IssuerAndSerialNumber) {
        return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
      }
      if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
        const keyId = Buffer.from(
          sid instanceof asn1js.Primitive
            ? sid.valueBlock.valueHexView
            : ((sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock
                .valueHexView ?? new Uint8Array()),
        ).toString('hex');
        return subjectKeyId(cert) === keyId;
      }
      return false;
    });
    if (!signerCert) return null;
    return { signed, signerInfo, signerCert, certificates };
  } catch {
    return null;
  }
}

function signedAttribute(info: pkijs.SignerInfo, oid: string): unknown {
  return info.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

function signingTime(info: pkijs.SignerInfo): Date | null {
  const value = signedAttribute(info, ID_SIGNING_TIME);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    const date = value.toDate();
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

function describeSigner(cert: pkijs.Certificate): SignerCertificate {
  return {
    name: commonName(cert.subject),
    iin: iinOf(cert),
    bin: binOf(cert),
    serialNumber: serialHex(cert),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    issuer: commonName(cert.issuer),
  };
}

/**
 * Content digests accepted for RSA/ECDSA. SHA-1 is refused (reported as cmsMalformed): chosen-
 * prefix collisions make a SHA-1 messageDigest forgeable, and NCALayer signs RSA with SHA-256.
 */
function digestName(oid: string): string | null {
  const names: Record<string, string> = {
    '2.16.840.1.101.3.4.2.1': 'SHA-256',
    '2.16.840.1.101.3.4.2.2': 'SHA-384',
    '2.16.840.1.101.3.4.2.3': 'SHA-512',
  };
  return names[oid] ?? null;
}

/** The messageDigest attribute equals the digest of the content (false when absent). */
async function contentMatches(
  info: pkijs.SignerInfo,
  content: Uint8Array,
  hash: string,
): Promise<boolean> {
  const value = signedAttribute(info, ID_MESSAGE_DIGEST);
  if (!(value instanceof asn1js.OctetString)) return false;
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest(hash, toArrayBuffer(content)),
  );
  return Buffer.from(digest).equals(Buffer.from(value.valueBlock.valueHexView));
}

async function signatureHolds(
  info: pkijs.SignerInfo,
  cert: pkijs.Certificate,
  content: Uint8Array,
  hash: string,
): Promise<boolean> {
  // With signed attributes the signature covers their DER (as a SET); without, the content.
  const data = info.signedAttrs ? info.signedAttrs.encodedValue : toArrayBuffer(content);
  try {
    return await cryptoEngine().verifyWithPublicKey(
      data,
      info.signature,
      cert.subjectPublicKeyInfo,
      info.signatureAlgorithm,
      hash,
    );
  } catch {
    return false;
  }
}

async function issuedBy(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  gost: boolean,
): Promise<boolean> {
  if (!namesChain(cert, issuer) || !isCaCertificate(issuer)) return false;
  if (gost) return true; // GOST: names and key identifiers only (see the header comment)
  try {
    return await cert.verify(issuer, cryptoEngine());
  } catch {
    return false;
  }
}

/**
 * The chain from `cert` to a trust root, signer first and the root last; null when there is
 * none. Intermediates may come from the CMS or be shipped among the roots.
 */
async function buildChain(
  cert: pkijs.Certificate,
  intermediates: readonly pkijs.Certificate[],
  roots: readonly pkijs.Certificate[],
  gost: boolean,
): Promise<pkijs.Certificate[] | null> {
  const chain = [cert];
  let current = cert;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (roots.some((root) => sameCertificate(root, current))) return chain;
    let next: pkijs.Certificate | null = null;
    for (const candidate of [...roots, ...intermediates]) {
      if (chain.some((c) => sameCertificate(c, candidate))) continue;
      if (await issuedBy(current, candidate, gost)) {
        next = candidate;
        break;
      }
    }
    if (!next) return null;
    chain.push(next);
    current = next;
  }
  return null;
}

export async function verifyDetachedSignature(
  content: Uint8Array,
  cms: Uint8Array,
  options: { roots: TrustRoots; checkRevocation: boolean; now?: Date },
): Promise<SignatureCheck> {
  const now = options.now ?? new Date();
  const parsed = parseCms(cms);
  if (!parsed) {
    return {
      valid: false,
      failures: ['cmsMalformed'],
      signer: null,
      signedAt: null,
      algorithm: 'unknown',
      cryptoVerified: false,
      revocation: 'notChecked',
    };
  }
  const { signerInfo, signerCert, certificates } = parsed;
  const algorithm = keyAlgorithm(signerCert);
  // GOST by the signer's key alone: an RSA or ECDSA key named with GOST digest or signature
  // OIDs would otherwise skip every computed check (its digest is unknown: cmsMalformed).
  const gost = algorithm === 'gost';
  const signedAt = signingTime(signerInfo);
  const failures = new Set<SignatureFailure>();

  if (!gost) {
    const hash = digestName(signerInfo.digestAlgorithm.algorithmId);
    if (!hash || algorithm === 'unknown') {
      failures.add('cmsMalformed');
    } else {
      if (!(await contentMatches(signerInfo, content, hash))) failures.add('contentMismatch');
      if (!(await signatureHolds(signerInfo, signerCert, content, hash))) {
        failures.add('signatureInvalid');
      }
    }
  }

  const chain = await buildChain(
    signerCert,
    certificates.filter((c) => c !== signerCert),
    options.roots.certificates,
    gost,
  );
  if (!chain) failures.add('certificateUntrusted');

  const at = signedAt ?? now;
  for (const cert of chain ?? [signerCert]) {
    if (!isValidAt(cert, at)) failures.add('certificateExpired');
  }
  if (!isSigningKey(signerCert)) failures.add('wrongKeyType');

  let revocation: SignatureCheck['revocation'] = 'notChecked';
  const issuer = chain?.[1];
  if (options.checkRevocation && !gost && issuer) {
    revocation = await checkRevocation(signerCert, issuer, { now, engine: cryptoEngine() });
    if (revocation === 'revoked') failures.add('certificateRevoked');
  }

  const ordered = FAILURE_ORDER.filter((f) => failures.has(f));
  return {
    valid: ordered.length === 0,
    failures: ordered,
    signer: describeSigner(signerCert),
    signedAt: signedAt?.toISOString() ?? null,
    algorithm: gost ? 'gost' : algorithm,
    cryptoVerified: !gost && algorithm !== 'unknown',
    revocation,
  };
}
