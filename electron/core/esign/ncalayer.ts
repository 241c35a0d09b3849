import WebSocket from 'ws';
import { AppError } from '../errors/app-error';

/**
 * The core's NCALayer client. NCALayer (the national signing middleware) listens on a local
 * WebSocket; the core sends it the exact bytes to sign and receives a detached CMS. NCALayer's
 * TLS certificate for localhost is its own (self-signed), so for the loopback literal
 * `127.0.0.1` only the certificate is not checked: nothing is trusted because of that TLS —
 * the returned CMS is verified against the very bytes sent and the national roots before
 * anything is stored (contracts/e-signature.ts). Any other host keeps full TLS checks.
 */

export const NcaLayerNotRunning = () => new AppError('ncalayerNotRunning');
export const SigningCancelled = () => new AppError('signingCancelled');
/** `reason`: NCALayer's error code (never its message, which may name the key holder). */
export const NcaLayerFailed = (reason: string) => new AppError('ncalayerFailed', { reason });

/** Where NCALayer listens; tests point it at the test double. Read here only. */
export function ncaLayerUrl(): string {
  return process.env.BALABAQSHA_NCALAYER_URL ?? 'wss://127.0.0.1:13579';
}

/** Key stores NCALayer may offer: a key file and the usual tokens and ID cards. */
const ALLOWED_STORAGES = [
  'PKCS12',
  'AKKaztokenStore',
  'AKKZIDCardStore',
  'AKEToken72KStore',
  'AKEToken5110Store',
  'AKJaCartaStore',
  'AKAKEYStore',
];
/** Extended key usage "e-mail protection": NCALayer offers signing keys only, not AUTH keys. */
const SIGNING_EKU = '1.3.6.1.5.5.7.3.4';
const CONNECT_TIMEOUT_MS = 5_000;
/** The person chooses a key and types its password: give them time. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

interface NcaLayerAnswer {
  status?: boolean;
  code?: string;
  body?: { result?: unknown };
  result?: unknown;
}

/**
 * Asks NCALayer for a detached CMS over `content` (`decode: true, encapsulate: false,
 * digested: false`) made with a signing key. Throws `ncalayerNotRunning` when nothing answers
 * at the address, `signingCancelled` when the person closed the key window, `ncalayerFailed`
 * for any other failure (with NCALayer's code).
 */
export function signWithNcaLayer(
  content: Uint8Array,
  options: { url: string; locale: 'kk' | 'ru'; timeoutMs?: number },
): Promise<Uint8Array> {
  const url = new URL(options.url);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:')
    return Promise.reject(NcaLayerFailed('badUrl'));
  const loopback = url.hostname === '127.0.0.1';
  const request = JSON.stringify({
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: ALLOWED_STORAGES,
      format: 'cms',
      data: Buffer.from(content).toString('base64'),
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: [SIGNING_EKU], chain: [] },
      locale: options.locale,
    },
  });

  return new Promise<Uint8Array>((resolve, reject) => {
    let opened = false;
    let settled = false;
    const socket = new WebSocket(url, {
      rejectUnauthorized: !loopback,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      maxPayload: MAX_ANSWER_BYTES,
      perMessageDeflate: false,
    });
    const timer = setTimeout(
      () => finish(NcaLayerFailed('timeout')),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    function finish(outcome: Uint8Array | AppError): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.on('error', () => {});
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close();
      if (outcome instanceof AppError) reject(outcome);
      else resolve(outcome);
    }

    socket.on('open', () => {
      opened = true;
      socket.send(request);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!opened) finish(NcaLayerNotRunning());
      else finish(NcaLayerFailed(error.code ?? 'connection'));
    });
    socket.on('close', () => {
      finish(opened ? NcaLayerFailed('closed') : NcaLayerNotRunning());
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return finish(NcaLayerFailed('badAnswer'));
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      if (text === '--heartbeat--') return;
      let answer: NcaLayerAnswer;
      try {
        answer = JSON.parse(text) as NcaLayerAnswer;
      } catch {
        return finish(NcaLayerFailed('badAnswer'));
      }
      if (answer === null || typeof answer !== 'object') return finish(NcaLayerFailed('badAnswer'));
      // The greeting on connect: {"result":{"version":"1.4"}}.
      if (answer.status === undefined && answer.result !== undefined) return;
      finish(outcomeOf(answer));
    });
  });
}

function outcomeOf(answer: NcaLayerAnswer): Uint8Array | AppError {
  if (answer.status === false) {
    const code = typeof answer.code === 'string' ? answer.code.slice(0, 100) : 'unknown';
    return code === 'USER_CANCELED' || code === 'USER_CANCELLED'
      ? SigningCancelled()
      : NcaLayerFailed(code);
  }
  if (answer.status !== true) return NcaLayerFailed('badAnswer');
  const result = answer.body?.result;
  // Some NCALayer versions answer a closed key window with success and an empty body.
  if (result === undefined || result === null || (Array.isArray(result) && result.length === 0))
    return SigningCancelled();
  const first = Array.isArray(result) ? (result[0] as unknown) : result;
  if (typeof first !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(first))
    return NcaLayerFailed('badAnswer');
  const cms = Buffer.from(first.replace(/\s+/g, ''), 'base64');
  if (cms.length === 0) return NcaLayerFailed('badAnswer');
  return new Uint8Array(cms);
}
