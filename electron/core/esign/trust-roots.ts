import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './certificate';

/**
 * The certificates a signature chain may end at: the national certification centre's
 * certificates shipped under resources/pki/roots/ (see SOURCE.md there), plus — in tests only —
 * the PEM file named by BALABAQSHA_TEST_PKI_ROOTS (the NCALayer double's test CA).
 *
 * Every certificate here is a trust anchor: a chain is trusted when it reaches one of them
 * with every signature on the way checked (RSA/ECDSA) or, for GOST, with matching names.
 * Opaque to other modules: build it with loadTrustRoots() and hand it to the verifier.
 */
export interface TrustRoots {
  readonly certificates: readonly pkijs.Certificate[];
}

/** resources/ as electron/core/contracts/template.ts finds it (BALABAQSHA_RESOURCES for builds). */
function resourcesDir(): string {
  return (
    process.env.BALABAQSHA_RESOURCES ??
    fileURLToPath(new URL('../../../resources', import.meta.url))
  );
}

export function rootsDir(): string {
  return join(resourcesDir(), 'pki', 'roots');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** DER bytes of every certificate in a file that is either PEM (one or more blocks) or DER. */
export function certificateBytes(file: Uint8Array): Uint8Array[] {
  const text = Buffer.from(file).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(PEM_BLOCK)].map((m) =>
      Uint8Array.from(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')),
    );
  }
  return [file];
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** A TrustRoots from given certificate files' bytes (PEM or DER); unreadable ones are skipped. */
export function trustRootsFrom(files: readonly Uint8Array[]): TrustRoots {
  const certificates: pkijs.Certificate[] = [];
  for (const file of files) {
    for (const der of certificateBytes(file)) {
      try {
        certificates.push(parseCertificate(der));
      } catch {
        // A file that is not a certificate is not a root; the SOURCE.md test catches it.
      }
    }
  }
  return { certificates };
}

export function shippedRootFiles(): string[] {
  const dir = rootsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(pem|cer|crt|der)$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export function loadTrustRoots(): TrustRoots {
  const files = shippedRootFiles().map((path) => new Uint8Array(readFileSync(path)));
  const testRoots = process.env.BALABAQSHA_TEST_PKI_ROOTS;
  if (testRoots) files.push(new Uint8Array(readFileSync(testRoots)));
  return trustRootsFrom(files);
}
