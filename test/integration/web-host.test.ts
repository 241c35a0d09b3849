import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/host/web/server';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { tempFolder } from '../helpers/temp';

describe('web host', () => {
  const root = tempFolder();
  let host: WebHost;
  const rpc = (method: string, body: unknown, token: string | null = host.token) =>
    fetch(`http://127.0.0.1:${host.port}/rpc/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    host = await startWebHost({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      rendererDir: join(root, 'no-renderer'),
    });
  });
  afterAll(() => host.close());

  it('listens on loopback only and prints a URL carrying the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[\\w-]{43}$`));
  });

  it('answers 401 to every /rpc/ path without the token, known method or not, and runs nothing', async () => {
    const setup = {
      orgName: 'Org',
      orgBin: '150440001236',
      adminLogin: 'intruder',
      adminName: 'X',
      password: 'password-1',
    };
    expect((await rpc('setup.initialize', setup, null)).status).toBe(401);
    expect((await rpc('setup.initialize', setup, 'wrong-token')).status).toBe(401);
    expect((await rpc('setup.initialize', setup, `${host.token}x`)).status).toBe(401);
    expect((await rpc('no.such.method', {}, null)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/rpc/`, { method: 'GET' })).status).toBe(401);
    const status = await rpc('app.status', undefined);
    expect(await status.json()).toEqual({ ok: true, value: { initialized: false, session: null } });
  });

  it('dispatches with the token: unknown methods and bad JSON get typed errors', async () => {
    expect(await (await rpc('no.such.method', {})).json()).toEqual({
      ok: false,
      error: { code: 'unknownMethod', params: {} },
    });
    const badJson = await fetch(`http://127.0.0.1:${host.port}/rpc/app.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe('invalidInput');
  });

  it('answers 400 with a typed error to a malformed percent-escape in the URL, not 500', async () => {
    const bad = ['%E0%A4%A', '%zz', '%', 'app.status%FF'];
    for (const method of bad) {
      const unsigned = await rpc(method, {}, null);
      expect(unsigned.status, method).toBe(401); // the token is still checked first
      const response = await rpc(method, {});
      expect(response.status, method).toBe(400);
      expect(await response.json()).toEqual({
        ok: false,
        error: { code: 'invalidInput', params: { fields: ['(url)'] } },
      });
    }
    for (const path of ['/%E0%A4%A', '/assets/%zz.js', '/%']) {
      const response = await fetch(`http://127.0.0.1:${host.port}${path}`);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code).toBe('invalidInput');
    }
  });

  it('answers 413 to a body over 40 MB (sent whole or in chunks) and keeps serving', async () => {
    const oversized = Buffer.alloc(40 * 1024 * 1024 + 1, 0x20);
    const whole = await fetch(`http://127.0.0.1:${host.port}/rpc/app.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: oversized,
    });
    expect(whole.status).toBe(413);
    expect(await whole.json()).toEqual({
      ok: false,
      error: { code: 'fileTooLarge', params: { maxMegabytes: 25 } },
    });

    // No Content-Length: the size is only known while reading.
    const chunked = await new Promise<{ status: number; body: string }>((done, fail) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/rpc/app.status',
          method: 'POST',
          headers: { authorization: `Bearer ${host.token}`, 'transfer-encoding': 'chunked' },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => done({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', fail);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const writeMore = () => {
        while (sent < 41) {
          sent += 1;
          if (!request.write(chunk)) return void request.once('drain', writeMore);
        }
        request.end();
      };
      writeMore();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('fileTooLarge');

    const status = await rpc('app.status', undefined);
    expect(status.status).toBe(200);
  });

  it('serves the renderer with the strict Content-Security-Policy', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(response.status).toBe(503); // no renderer built in this folder: says so
    const built = await startWebHost({
      dataDir: join(root, 'data2'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      rendererDir: join(process.cwd(), 'dist', 'renderer'),
    });
    try {
      const page = await fetch(`http://127.0.0.1:${built.port}/`);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(await page.text()).toContain('<div id="root">');
      expect(
        (await fetch(`http://127.0.0.1:${built.port}/../../package.json`)).headers.get(
          'content-type',
        ),
      ).toContain('text/html');
    } finally {
      await built.close();
    }
  });
});
