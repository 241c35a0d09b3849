import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  feedUrl,
  readUpdateUrl,
  UPDATE_SETTINGS_FILE,
  writeUpdateUrl,
} from '../../electron/core/updates/update-settings';
import { answerSealRequest, safeStorageAvailable } from '../../electron/core/vault/device-seal';
import { tempFolder } from '../helpers/temp';

describe('the update URL setting', () => {
  const dir = tempFolder('bq-update-url-');
  it('empty until set; a district server is kept; a bad address is refused, nothing changed', () => {
    expect(readUpdateUrl(dir)).toBe('');
    writeUpdateUrl(dir, ' https://updates.almaty-edu.kz/balabaqsha ');
    expect(readUpdateUrl(dir)).toBe('https://updates.almaty-edu.kz/balabaqsha');
    for (const bad of ['ftp://x/', 'file:///C:/x', 'https://user:pw@x/', 'not a url'])
      expect(() => writeUpdateUrl(dir, bad), bad).toThrow();
    expect(readUpdateUrl(dir)).toBe('https://updates.almaty-edu.kz/balabaqsha');
    expect(feedUrl(readUpdateUrl(dir))).toBe('https://updates.almaty-edu.kz/balabaqsha/');
  });
  it('a damaged file falls back to the built-in address', () => {
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), '{"url": "javascript:alert(1)"}');
    expect(readUpdateUrl(dir)).toBe('');
  });
});

/** A stand-in for Electron's safeStorage: reversible, and throwing where DPAPI would. */
function fakeStorage(options: { async: boolean; broken?: boolean }) {
  const encrypt = (text: string) => Buffer.from(`sealed:${text}`);
  const decrypt = (data: Buffer) => {
    if (options.broken) throw new Error('Error while decrypting the ciphertext provided');
    return data.toString().slice('sealed:'.length);
  };
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => (calls.push('isEncryptionAvailable'), true),
    encryptString: (text: string) => (calls.push('encryptString'), encrypt(text)),
    decryptString: (data: Buffer) => (calls.push('decryptString'), decrypt(data)),
    ...(options.async && {
      isAsyncEncryptionAvailable: async () => (calls.push('isAsync'), true),
      encryptStringAsync: async (text: string) => (calls.push('encryptAsync'), encrypt(text)),
      decryptStringAsync: async (data: Buffer) => (
        calls.push('decryptAsync'),
        { result: decrypt(data), shouldReEncrypt: false }
      ),
    }),
  };
}

describe("main's answer to the core's seal requests", () => {
  const secret = Buffer.from([0, 1, 2, 250, 255]);
  it('uses the asynchronous safeStorage API where Electron has it', async () => {
    const storage = fakeStorage({ async: true });
    expect(await safeStorageAvailable(storage)).toBe(true);
    const sealed = await answerSealRequest(storage, 'seal', secret);
    const opened = await answerSealRequest(storage, 'unseal', sealed.data);
    expect(opened).toEqual({ ok: true, data: secret });
    expect(storage.calls).toEqual(['isAsync', 'encryptAsync', 'decryptAsync']);
  });
  it('falls back to the synchronous API (Electron 39)', async () => {
    const storage = fakeStorage({ async: false });
    const sealed = await answerSealRequest(storage, 'seal', secret);
    expect((await answerSealRequest(storage, 'unseal', sealed.data)).data).toEqual(secret);
    expect(storage.calls).toEqual(['encryptString', 'decryptString']);
  });
  it('a seal that cannot decrypt answers ok: false instead of throwing', async () => {
    const storage = fakeStorage({ async: true, broken: true });
    expect(await answerSealRequest(storage, 'unseal', Buffer.from('sealed:x'))).toEqual({
      ok: false,
      data: Buffer.alloc(0),
    });
  });
});
