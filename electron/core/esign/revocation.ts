import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { crlUrls, OID, toArrayBuffer } from './certificate';

export type RevocationStatus = 'good' | 'revoked' | 'notChecked';

export interface RevocationOptions {
  now: Date;
  /** Per download; default 5 s. */
  timeoutMs?: number;
  engine: pkijs.ICryptoEngine;
}

/** The national centre's full CRLs run to tens of megabytes; anything bigger is not a CRL we read. */
const MAX_CRL_BYTES = 128 * 1024 * 1024;

async function download(url: string, timeoutMs: number): Promise<Uint8Array | null> {
  // Plain http only: CRLs are signed objects, and the request carries nothing but the URL the
  // certificate itself names (no personal data, no cookies, no headers of ours).
  if (!/^http:\/\//i.test(url)) return null;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      credentials: 'omit',
    });
    if (!response.ok) return null;
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_CRL_BYTES) return null;
    const body = new Uint8Array(await response.arrayBuffer());
    return body.byteLength > MAX_CRL_BYTES ? null : body;
  } catch {
    return null;
  }
}

type CrlAnswer = 'listed' | 'notListed' | 'unusable';

/**
 * A minimal DER reader for CRLs. The national centre's CRLs list hundreds of thousands of
 * certificates; pkijs's schema parser takes seconds per thousand entries and fails outright
 * on tens of thousands, so the CRL is walked here: only the issuer, dates, signature and the
 * serial numbers are read, and the signature is still checked with pkijs over the exact
 * tbsCertList bytes.
 */
interface Tlv {
  tag: number;
  start: number; // first byte of the header
  contentStart: number;
  end: number; // one past the last content byte
}

function readTlv(der: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new Error('DER: truncated');
  const tag = der[pos] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not used in CRLs');
  let length = der[pos + 1] ?? 0;
  let contentStart = pos + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[contentStart + i] ?? 0);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('DER: length past the end');
  return { tag, start: pos, contentStart, end };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.contentStart; pos < parent.end;) {
    const child = readTlv(der, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

function asn1At(der: Uint8Array, tlv: Tlv): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(der.subarray(tlv.start, tlv.end)));
  if (parsed.offset === -1) throw new Error('DER: unreadable element');
  return parsed.result;
}

const TAG = { integer: 0x02, sequence: 0x30, utcTime: 0x17, generalizedTime: 0x18 } as const;

function timeAt(der: Uint8Array, tlv: Tlv): Date {
  const text = Buffer.from(der.subarray(tlv.contentStart, tlv.end)).toString('latin1');
  const m =
    tlv.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw new Error('DER: bad time');
  let year = Number(m[1]);
  if (tlv.tag === TAG.utcTime) year += year < 50 ? 2000 : 1900;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
}

function isTime(tlv: Tlv | undefined): tlv is Tlv {
  return tlv?.tag === TAG.utcTime || tlv?.tag === TAG.generalizedTime;
}

/** removeFromCRL (reason 8) in a delta CRL takes a certificate off hold: not revoked. */
function removedFromCrl(der: Uint8Array, entry: Tlv[]): boolean {
  const extensions = entry[2];
  if (!extensions || extensions.tag !== TAG.sequence) return false;
  for (const ext of children(der, extensions)) {
    const parts = children(der, ext);
    const oid = parts[0] ? asn1At(der, parts[0]) : null;
    if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== '2.5.29.21') {
      continue;
    }
    const value = parts[parts.length - 1];
    if (!value) continue;
    const inner = asn1js.fromBER(toArrayBuffer(der.subarray(value.contentStart, value.end)));
    if (inner.result instanceof asn1js.Enumerated && inner.result.valueBlock.valueDec === 8) {
      return true;
    }
  }
  return false;
}

export interface CrlFacts {
  issuer: pkijs.RelativeDistinguishedNames;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Signed by the key of `issuer` (the certificate's verified issuer). */
  signedBy(issuer: pkijs.Certificate, engine: pkijs.ICryptoEngine): Promise<boolean>;
  /** Listed (and not removed) — serial compared as the DER INTEGER content bytes. */
  lists(serial: Uint8Array): boolean;
}

export function readCrl(der: Uint8Array): CrlFacts {
  const outer = readTlv(der, 0, der.length);
  if (outer.tag !== TAG.sequence || outer.end !== der.length)
    throw new Error('CRL: not a SEQUENCE');
  const [tbs, signatureAlgorithm, signatureValue] = children(der, outer);
  if (!tbs || !signatureAlgorithm || !signatureValue) throw new Error('CRL: missing parts');
  const fields = children(der, tbs);
  let i = 0;
  if (fields[i]?.tag === TAG.integer) i++; // version v2
  i++; // signature AlgorithmIdentifier (the outer one is what is checked)
  const issuerTlv = fields[i++];
  const thisUpdateTlv = fields[i++];
  if (!issuerTlv || !isTime(thisUpdateTlv)) throw new Error('CRL: bad tbsCertList');
  let nextUpdate: Date | null = null;
  const maybeNext = fields[i];
  if (isTime(maybeNext)) {
    nextUpdate = timeAt(der, maybeNext);
    i++;
  }
  const revoked = fields[i]?.tag === TAG.sequence ? fields[i] : undefined;
  const issuer = new pkijs.RelativeDistinguishedNames({ schema: asn1At(der, issuerTlv) });
  const algorithm = new pkijs.AlgorithmIdentifier({ schema: asn1At(der, signatureAlgorithm) });
  const signature = asn1At(der, signatureValue);
  if (!(signature instanceof asn1js.BitString)) throw new Error('CRL: bad signature');
  return {
    issuer,
    thisUpdate: timeAt(der, thisUpdateTlv),
    nextUpdate,
    async signedBy(issuerCert, engine) {
      try {
        return await engine.verifyWithPublicKey(
          toArrayBuffer(der.subarray(tbs.start, tbs.end)),
          signature,
          issuerCert.subjectPublicKeyInfo,
          algorithm,
        );
      } catch {
        return false;
      }
    },
    lists(serial) {
      if (!revoked) return false;
      const wanted = Buffer.from(serial);
      for (let pos = revoked.contentStart; pos < revoked.end;) {
        const entry = readTlv(der, pos, revoked.end);
        pos = entry.end;
        const number = readTlv(der, entry.contentStart, entry.end);
        if (number.tag !== TAG.integer) throw new Error('CRL: bad entry');
        if (!wanted.equals(der.subarray(number.contentStart, number.end))) continue;
        if (!removedFromCrl(der, children(der, entry))) return true;
      }
      return false;
    },
  };
}

async function askCrl(
  url: string,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  options: RevocationOptions,
): Promise<CrlAnswer> {
  const bytes = await download(url, options.timeoutMs ?? 5000);
  if (!bytes) return 'unusable';
  try {
    const crl = readCrl(bytes);
    if (!crl.issuer.isEqual(issuer.subject)) return 'unusable';
    // The CRL counts only when the certificate's own issuer signed it.
    if (!(await crl.signedBy(issuer, options.engine))) return 'unusable';
    if (crl.lists(cert.serialNumber.valueBlock.valueHexView)) return 'listed';
    // A stale CRL can still prove revocation but cannot prove the certificate is still good.
    if (crl.nextUpdate && crl.nextUpdate.getTime() < options.now.getTime()) return 'unusable';
    return 'notListed';
  } catch {
    return 'unusable';
  }
}

/**
 * Revocation of `cert` through the CRL its issuer publishes at the certificate's CRL
 * distribution point (and, when the certificate names one, the delta CRL at its freshest-CRL
 * point). The CRL must be signed by `issuer` (already verified as the certificate's issuer).
 * Never throws: no network, a timeout, a bad or unsigned CRL → 'notChecked'.
 * RSA/ECDSA issuers only — a GOST-signed CRL cannot be verified here (see verify.ts).
 */
export async function checkRevocation(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  options: RevocationOptions,
): Promise<RevocationStatus> {
  let good = false;
  for (const url of crlUrls(cert)) {
    const answer = await askCrl(url, cert, issuer, options);
    if (answer === 'listed') return 'revoked';
    if (answer === 'notListed') {
      good = true;
      break;
    }
  }
  if (!good) return 'notChecked';
  for (const url of crlUrls(cert, OID.freshestCrl)) {
    const answer = await askCrl(url, cert, issuer, options);
    if (answer === 'listed') return 'revoked';
    if (answer === 'notListed') return 'good';
  }
  // No delta CRL named → the full CRL's answer stands; a named but unreachable delta → unknown.
  return crlUrls(cert, OID.freshestCrl).length === 0 ? 'good' : 'notChecked';
}
