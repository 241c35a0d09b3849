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

async function askCrl(
  url: string,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  options: RevocationOptions,
): Promise<CrlAnswer> {
  const bytes = await download(url, options.timeoutMs ?? 5000);
  if (!bytes) return 'unusable';
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(bytes));
    if (!crl.issuer.isEqual(issuer.subject)) return 'unusable';
    // The CRL counts only when the certificate's own issuer signed it.
    const signed = await crl.verify({ issuerCertificate: issuer }, options.engine);
    if (!signed) return 'unusable';
    if (crl.isCertificateRevoked(cert)) return 'listed';
    // A stale CRL can still prove revocation but cannot prove the certificate is still good.
    if (crl.nextUpdate && crl.nextUpdate.value.getTime() < options.now.getTime()) return 'unusable';
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
