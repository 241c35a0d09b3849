import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCrl } from '../../electron/core/esign/revocation';
import { cryptoEngine } from '../../electron/core/esign/verify';
import { TestCa } from '../ncalayer-double/ca';

/**
 * The national CRLs are large (hundreds of thousands of entries); pkijs's schema parser fails
 * on tens of thousands, so revocation.ts walks the DER itself. These CRLs are built byte by byte
 * (DER) and signed with the test issuing CA's key, as big as the real ones.
 */
function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const header =
    length < 0x80
      ? [tag, length]
      : length < 0x100
        ? [tag, 0x81, length]
        : length < 0x10000
          ? [tag, 0x82, length >> 8, length & 0xff]
          : [tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([Buffer.from(header), ...parts]);
}
const seq = (...p: Uint8Array[]) => der(0x30, ...p);
const utc = (d: Date) =>
  der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'latin1'));
const generalized = (d: Date) =>
  der(0x18, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z', 'latin1'));
const SHA256_RSA = Buffer.from('06092a864886f70d01010b0500', 'hex');
const serialOf = (i: number) => Buffer.from(`40${i.toString(16).padStart(30, '0')}`, 'hex');
const REASON_REMOVE_FROM_CRL = seq(
  seq(Buffer.from('0603551d15', 'hex'), der(0x04, Buffer.from('0a0108', 'hex'))),
);

describe('readCrl: large CRLs read by walking the DER', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await TestCa.create('http://127.0.0.1:9/crl');
  });

  async function crl(options: {
    count: number;
    nextUpdate?: Date;
    removed?: number;
    time?: (d: Date) => Uint8Array;
    key?: CryptoKey;
  }): Promise<Uint8Array> {
    const time = options.time ?? utc;
    const when = time(new Date(Date.now() - 86_400_000));
    const entries: Uint8Array[] = [];
    for (let i = 0; i < options.count; i++) {
      const extra = i === options.removed ? [REASON_REMOVE_FROM_CRL] : [];
      entries.push(seq(der(0x02, serialOf(i)), when, ...extra));
    }
    const tbs = seq(
      der(0x02, Buffer.from([1])),
      seq(SHA256_RSA),
      new Uint8Array(ca.issuing.certificate.subjectName.toArrayBuffer()),
      time(new Date(Date.now() - 86_400_000)),
      time(options.nextUpdate ?? new Date(Date.now() + 7 * 86_400_000)),
      der(0x30, Buffer.concat(entries)),
    );
    const signature = await globalThis.crypto.subtle.sign(
      'RSASSA-PKCS1-v1_5',
      options.key ?? ca.issuing.keys.privateKey,
      new Uint8Array(tbs),
    );
    return seq(tbs, seq(SHA256_RSA), der(0x03, Buffer.from([0]), new Uint8Array(signature)));
  }

  const issuer = () => pkijs.Certificate.fromBER(ca.issuing.certificate.rawData);

  it('200 000 entries (≈6 MB): issuer, dates, signature and listed serials read within 3 s', async () => {
    const bytes = await crl({ count: 200_000 });
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const started = Date.now();
    const facts = readCrl(bytes);
    expect(facts.issuer.isEqual(issuer().subject)).toBe(true);
    expect(await facts.signedBy(issuer(), cryptoEngine())).toBe(true);
    expect(facts.lists(serialOf(0))).toBe(true);
    expect(facts.lists(serialOf(199_999))).toBe(true);
    expect(facts.lists(serialOf(200_000))).toBe(false);
    expect(facts.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('signed by another key → signedBy false; one changed byte → false', async () => {
    const other = await globalThis.crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        hash: 'SHA-256',
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: 2048,
      },
      false,
      ['sign', 'verify'],
    );
    const foreign = await crl({ count: 3, key: other.privateKey });
    expect(await readCrl(foreign).signedBy(issuer(), cryptoEngine())).toBe(false);
    const bytes = await crl({ count: 3 });
    const tampered = bytes.slice();
    tampered[tampered.length - 300] = (tampered[tampered.length - 300] ?? 0) ^ 0x01;
    expect(await readCrl(tampered).signedBy(issuer(), cryptoEngine())).toBe(false);
  });

  it('removeFromCRL entries are not revoked; GeneralizedTime dates are read', async () => {
    const bytes = await crl({
      count: 5,
      removed: 2,
      time: generalized,
      nextUpdate: new Date('2051-02-03T04:05:06Z'),
    });
    const facts = readCrl(bytes);
    expect(facts.lists(serialOf(1))).toBe(true);
    expect(facts.lists(serialOf(2))).toBe(false);
    expect(facts.nextUpdate?.toISOString()).toBe('2051-02-03T04:05:06.000Z');
  });

  it('truncated or trailing bytes are refused', async () => {
    const bytes = await crl({ count: 10 });
    expect(() => readCrl(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(() => readCrl(Buffer.concat([bytes, Buffer.from([0])]))).toThrow();
  });
});
