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
