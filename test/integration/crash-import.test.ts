import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../electron/core/vault/keyring';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { verifyDataFolder } from '../../electron/core/maintenance/verify';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';
import { DIRECTOR, newStore } from '../helpers/store-fixture';

const IMPORT_LOOP = fileURLToPath(new URL('../fixtures/import-loop.ts', import.meta.url));
const KILLS = 8;

describe('SIGKILL during photo imports', () => {
  it(
    'never leaves plaintext image bytes or a store that fails verify',
    { timeout: 300_000 },
    async () => {
      const root = tempFolder();
      const fixture = await newStore(root);
      const iin = `2103146012${checkDigit([...'21031460120'].map(Number))}`.slice(0, 11);
      const fullIin = iin + checkDigit([...iin].map(Number));
      const { id: childId } = await fixture.core.call('children.create', {
        iin: fullIin,
        lastName: 'Тест',
        firstName: 'Бала',
        birthDate: '2021-03-14',
        sex: 'female',
        citizenship: 'KZ',
      });
      fixture.core.close();
      // A noisy photo with a marker in its EXIF: neither may reach the disk in the clear.
      const noise = Buffer.alloc(800 * 600 * 3);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      const photo = await sharp(noise, { raw: { width: 800, height: 600, channels: 3 } })
        .withExif({ IFD0: { Copyright: 'EXIF-MARKER-Қарағанды' } })
        .jpeg()
        .toBuffer();
      // The photo is handed over in the OS temp folder, outside the data folder under test.
      const photoPath = join(tmpdir(), `bq-photo-${process.pid}.jpg`);
      writeFileSync(photoPath, photo);
      try {
        let imports = 0;
        for (let run = 0; run < KILLS; run++) {
          imports += await new Promise<number>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [
                '--import',
                'tsx',
                IMPORT_LOOP,
                fixture.dataDir,
                fixture.deviceKeyPath,
                DIRECTOR.login,
                DIRECTOR.password,
                childId,
                photoPath,
              ],
              {
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            );
            let output = '';
            child.stdout.on('data', (chunk) => {
              output += chunk;
              if (output === 'ready\n')
                setTimeout(() => child.kill('SIGKILL'), 100 + Math.random() * 400);
            });
            child.on('error', reject);
            child.on('close', () => resolve(output.split('imported').length - 1));
          });
        }
        expect(imports).toBeGreaterThan(0);
        const dek = await new Keyring(
          fixture.dataDir,
          new FileDeviceSeal(fixture.deviceKeyPath),
        ).unlockWithRecoveryKey(fixture.recoveryKey);
        expect(verifyDataFolder(fixture.dataDir, dek).problems).toEqual([]);
        const slices = [0, 1, 2, 3].map((k) => photo.subarray(1000 + k * 9000, 1064 + k * 9000));
        expect(
          findPlaintext(fixture.dataDir, ['EXIF-MARKER-Қарағанды', fullIin, ...slices]),
        ).toEqual([]);
      } finally {
        rmSync(photoPath, { force: true });
      }
    },
  );
});
