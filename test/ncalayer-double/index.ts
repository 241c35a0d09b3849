import './reflect-polyfill';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { WebSocketServer, type WebSocket } from 'ws';
import { pem, rsaKeys, signDetached, TestCa, type Issued, type Person } from './ca';

/**
 * A test double of NCALayer (the Kazakh state's signing middleware): a real `wss` server on
 * 127.0.0.1 with a self-signed TLS certificate, speaking the JSON of NCALayer's
 * `kz.gov.pki.knca.basics` module, signing with keys of a test CA made at start. A plain HTTP
 * server beside it serves the CA's CRL (`GET /crl`) and switches the mode (`POST /mode`).
 */

export type DoubleMode = 'sign' | 'cancel' | 'wrongKey' | 'expired' | 'brokenSignature' | 'revoked';

export const DOUBLE_MODES: readonly DoubleMode[] = [
  'sign',
  'cancel',
  'wrongKey',
  'expired',
  'brokenSignature',
  'revoked',
];

export interface NcaLayerDouble {
  url: string; // wss://127.0.0.1:<port>
  rootPemPath: string; // trust this (BALABAQSHA_TEST_PKI_ROOTS)
  director: { name: string; iin: string };
  requests: unknown[]; // parsed sign requests received (tests assert the exact params)
  setMode(mode: DoubleMode): void;
  /** A representative's detached CMS over `content` from the same test CA (the portal's parent signature). */
  signAsRepresentative(
    content: Uint8Array,
    person?: { surname: string; givenName: string; iin: string },
  ): Promise<Uint8Array>;
  stop(): Promise<void>; // after stop, connecting fails (ECONNREFUSED) — "NCALayer not running"
}

/** Extra handles for the double's own tests and main.ts (not part of the shared API). */
export interface NcaLayerDoubleInternals extends NcaLayerDouble {
  crlUrl: string;
  modeUrl: string;
  mode(): DoubleMode;
  /** The CMS the double would answer in `mode` (no WebSocket involved). */
  signWithMode(content: Uint8Array, mode: DoubleMode): Promise<Uint8Array>;
  /** PEM of the test issuing CA (the CMS carries it too). */
  issuingPem: string;
  /** Serve no CRL (HTTP 503) — revocation becomes 'notChecked'. */
  setCrlAvailable(available: boolean): void;
  /** Serve these bytes at /crl instead of the CA's CRL ('hang': accept and never answer; null: back to normal). */
  serveCrl(bytes: Uint8Array | 'hang' | null): void;
  /** A CRL with the issuing CA's name listing `serials` (hex); `foreignKey` signs it with another key. */
  makeCrl(
    serials: readonly string[],
    options?: { foreignKey?: boolean; stale?: boolean },
  ): Promise<Uint8Array>;
  /** Serial (hex) of the certificate `mode` signs with. */
  serialFor(mode: DoubleMode): string;
}

export const DIRECTOR: Person = {
  surname: 'ӘБІЛҚАЙЫРОВА',
  givenName: 'ГҮЛНАР',
  iin: '850314401236',
};
export const DIRECTOR_BIN = '120340012345';
export const REPRESENTATIVE: Person = {
  surname: 'СЕРІКБАЕВ',
  givenName: 'АРМАН',
  iin: '900702304562',
};
const ORGANIZATION = 'ТОО «БАЛАБАҚША ТЕСТ»';
const DAY = 86_400_000;

function listen(server: HttpServer | HttpsServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function tlsIdentity(): Promise<{ key: string; cert: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=127.0.0.1',
    keys,
    signingAlgorithm: alg,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  });
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), cert: cert.toString('pem') };
}

interface SignRequest {
  module?: unknown;
  method?: unknown;
  args?: { data?: unknown; format?: unknown };
}

function failure(code: string, message: string): string {
  return JSON.stringify({ status: false, code, message });
}

export async function startNcaLayerDouble(options: {
  dir: string;
  port?: number;
}): Promise<NcaLayerDoubleInternals> {
  let mode: DoubleMode = 'sign';
  let crlAvailable = true;
  let crlBytes: Uint8Array | null = null;
  let crlOverride: Uint8Array | 'hang' | null = null;

  const http = createHttpServer((req, res) => {
    if (req.method === 'GET' && req.url === '/crl') {
      if (crlOverride === 'hang') return;
      if (crlOverride) {
        res
          .writeHead(200, { 'content-type': 'application/pkix-crl' })
          .end(Buffer.from(crlOverride));
        return;
      }
      if (!crlAvailable || !crlBytes) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(crlBytes));
      return;
    }
    if (req.method === 'POST' && req.url === '/mode') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        try {
          const next = (JSON.parse(body) as { mode?: unknown }).mode;
          if (!DOUBLE_MODES.includes(next as DoubleMode)) throw new Error('mode');
          mode = next as DoubleMode;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mode }));
        } catch {
          res.writeHead(400).end(JSON.stringify({ modes: DOUBLE_MODES }));
        }
      });
      return;
    }
    res.writeHead(404).end();
  });
  const httpPort = await listen(http, 0);
  const crlUrl = `http://127.0.0.1:${httpPort}/crl`;

  const ca = await TestCa.create(crlUrl);
  const now = Date.now();
  // One RSA key for the director's signing certificates (sign, expired, revoked) and one for
  // her AUTH certificate keeps the start fast; each mode still has its own certificate.
  const director = await ca.issue({
    person: DIRECTOR,
    bin: DIRECTOR_BIN,
    organization: ORGANIZATION,
    kind: 'sign',
  });
  const directorAuth = await ca.issue({
    person: DIRECTOR,
    bin: DIRECTOR_BIN,
    organization: ORGANIZATION,
    kind: 'auth',
  });
  const directorExpired = await ca.issue({
    person: DIRECTOR,
    bin: DIRECTOR_BIN,
    organization: ORGANIZATION,
    kind: 'sign',
    notBefore: new Date(now - 400 * DAY),
    notAfter: new Date(now - 35 * DAY),
    keys: director.keys,
  });
  const directorRevoked = await ca.issue({
    person: DIRECTOR,
    bin: DIRECTOR_BIN,
    organization: ORGANIZATION,
    kind: 'sign',
    keys: director.keys,
  });
  crlBytes = await ca.crl([directorRevoked.certificate.serialNumber]);
  const byMode: Record<DoubleMode, Issued> = {
    sign: director,
    cancel: director,
    wrongKey: directorAuth,
    expired: directorExpired,
    brokenSignature: director,
    revoked: directorRevoked,
  };
  const representatives = new Map<string, Promise<Issued>>();

  const rootPemPath = join(options.dir, 'test-root.pem');
  writeFileSync(rootPemPath, pem(ca.root.certificate));

  const chain = [ca.issuing.certificate];
  async function signWithMode(content: Uint8Array, which: DoubleMode): Promise<Uint8Array> {
    return signDetached(content, byMode[which], {
      chain,
      breakSignature: which === 'brokenSignature',
    });
  }

  const requests: unknown[] = [];
  async function answer(raw: string): Promise<string | null> {
    if (raw === '--heartbeat--') return null;
    let request: SignRequest;
    try {
      request = JSON.parse(raw) as SignRequest;
    } catch {
      return failure('BAD_REQUEST', 'Request is not JSON');
    }
    requests.push(request);
    if (request.module !== 'kz.gov.pki.knca.basics' || request.method !== 'sign') {
      return failure('MODULE_NOT_FOUND', 'Unknown module or method');
    }
    const data = request.args?.data;
    if (typeof data !== 'string' || request.args?.format !== 'cms') {
      return failure('BAD_REQUEST', 'args.data must be a base64 string, args.format "cms"');
    }
    if (mode === 'cancel') return failure('USER_CANCELED', 'Операция отменена пользователем');
    const content = new Uint8Array(Buffer.from(data, 'base64'));
    const cms = await signWithMode(content, mode);
    return JSON.stringify({
      status: true,
      body: { result: [Buffer.from(cms).toString('base64')] },
    });
  }

  const tls = await tlsIdentity();
  const https = createHttpsServer({ key: tls.key, cert: tls.cert });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket: WebSocket) => {
    socket.send(JSON.stringify({ result: { version: '1.4' } }));
    socket.on('message', (message) => {
      void answer(message.toString()).then(
        (reply) => {
          if (reply !== null) socket.send(reply);
        },
        () => socket.send(failure('INTERNAL', 'Signing failed in the double')),
      );
    });
  });
  const port = await listen(https, options.port ?? 0);

  return {
    url: `wss://127.0.0.1:${port}`,
    rootPemPath,
    director: { name: `${DIRECTOR.surname} ${DIRECTOR.givenName}`, iin: DIRECTOR.iin },
    requests,
    crlUrl,
    modeUrl: `http://127.0.0.1:${httpPort}/mode`,
    issuingPem: pem(ca.issuing.certificate),
    mode: () => mode,
    setMode(next) {
      mode = next;
    },
    setCrlAvailable(available) {
      crlAvailable = available;
    },
    serveCrl(bytes) {
      crlOverride = bytes;
    },
    async makeCrl(serials, crlOptions = {}) {
      const signingKey = crlOptions.foreignKey ? (await rsaKeys()).privateKey : undefined;
      return ca.crl(serials, { signingKey, stale: crlOptions.stale });
    },
    serialFor: (which) => byMode[which].certificate.serialNumber,
    signWithMode,
    async signAsRepresentative(content, person = REPRESENTATIVE) {
      let issued = representatives.get(person.iin);
      if (!issued) {
        issued = ca.issue({ person, kind: 'sign' });
        representatives.set(person.iin, issued);
      }
      return signDetached(content, await issued, { chain });
    },
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await Promise.all([close(https), close(http)]);
    },
  };
}
